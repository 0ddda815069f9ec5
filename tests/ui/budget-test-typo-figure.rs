fn main() {
    let names = vec![String::from("a")];
    memlayout::assert_budget!(names, alocations <= 3);
}
