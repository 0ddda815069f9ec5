mod before {
    use memlayout::Layout;
    #[derive(Layout)]
    #[repr(C)]
    pub struct Packet { pub id: u64, pub kind: u32, pub flags: u32, pub len: u64 }
    #[derive(Layout)]
    pub enum Command { Ping, Send(u32) }
}
mod after {
    use memlayout::Layout;
    #[derive(Layout)]
    #[repr(C)]
    pub struct Packet { pub id: u64, pub kind: u32, pub flags: u32, pub checksum: u32, pub len: u64 }
    #[derive(Layout)]
    pub enum Command { Ping, Send(u64), Close }
    #[derive(Layout)]
    pub struct Session { pub id: u64 }
}
use memlayout::Layout;
#[test]
fn produce() {
    let old = memlayout::snapshot::to_json([before::Packet::LAYOUT, before::Command::LAYOUT]).replace("::before::", "::net::");
    let new = memlayout::snapshot::to_json([after::Packet::LAYOUT, after::Command::LAYOUT, after::Session::LAYOUT]).replace("::after::", "::net::");
    std::fs::write("/tmp/snap_old.json", &old).unwrap();
    std::fs::write("/tmp/snap_new.json", &new).unwrap();
    std::fs::write("/tmp/snap_check.json", old.replace("::net::", "::after::")).unwrap();
    memlayout::snapshot::check_types("/tmp/snap_check.json", [after::Packet::LAYOUT, after::Command::LAYOUT, after::Session::LAYOUT]);
}
