struct Plain(u8);

memlayout::register!(Plain);

fn main() {}
