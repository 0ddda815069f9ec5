fn main() {
    let names = vec![String::from("a")];
    memlayout::assert_budget!(names, heap_bytes <= 4096);
}
