fn main() {
    let names = vec![String::from("a")];
    memlayout::assert_budget!(names, heap < 4096);
}
