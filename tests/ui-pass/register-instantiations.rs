mod generic {
    #[derive(memlayout::Layout)]
    pub struct Wrapper<T>(pub T);
}

memlayout::register!(generic::Wrapper<u64>, Option<String>, std::time::Duration);

fn main() {
    memlayout::register!(generic::Wrapper<u8>);
    assert!(memlayout::registered().any(|t| (t.type_name)().ends_with("Wrapper<u8>")));
}
