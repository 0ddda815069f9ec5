fn main() {
    let names: Vec<String> = vec!["a".into()];
    memlayout::assert_budget!(names, allocator = "jemalloc", reserved <= 4096);
}
