use memlayout::Layout;

trait Handler {
    fn handle(&self);
}

#[derive(Layout)]
struct Server {
    port: u16,
    handler: Box<dyn Handler>,
}

fn main() {}
