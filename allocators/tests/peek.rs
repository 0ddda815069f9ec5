use memlayout::allocator::{Glibc, Model};
use memlayout::{LayoutReport, ReportOptions};
#[test]
fn peek() {
    let v = memlayout_allocators::short_strings(1000);
    let r = v.layout_report_with(ReportOptions::new().allocator(Model::Jemalloc).max_children(3));
    println!("{r}");
    let r = v.layout_report_with(ReportOptions::new().allocator(Model::Glibc(Glibc::DEFAULT)).max_children(3));
    println!("{r}");
}
