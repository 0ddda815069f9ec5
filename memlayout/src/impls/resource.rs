//! Operating-system resources: no heap of their own, a handle the drop releases. A directory
//! listing (`ReadDir`) and its entries (`DirEntry`) also keep private heap (the directory's
//! path, the entry's name, shared between them): their heap is a bound.

use std::fs::File;
use std::net::{TcpListener, TcpStream, UdpSocket};

use super::plain::private_heap;
use crate::layout::{Kind, Layout, Storage, TypeLayout};
use crate::visit::Visitor;

/// A resource type and what its drop releases.
macro_rules! resource {
    ($($t:ty => $release:literal),* $(,)?) => {$(
        impl Layout for $t {
            const LAYOUT: &'static TypeLayout =
                &TypeLayout::of::<$t>(stringify!($t), Kind::Other).with_storage(Storage::Resource);

            fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
                visitor.resource($release);
            }
        }
    )*};
}

resource! {
    File => "closes its file descriptor",
    TcpStream => "closes its socket",
    TcpListener => "closes its socket",
    UdpSocket => "closes its socket",
}

#[cfg(unix)]
resource! {
    std::os::fd::OwnedFd => "closes its file descriptor",
    std::os::unix::net::UnixStream => "closes its socket",
    std::os::unix::net::UnixListener => "closes its socket",
    std::os::unix::net::UnixDatagram => "closes its socket",
}

private_heap! {
    "ReadDir" std::fs::ReadDir => Resource,
        "a directory listing's buffers are private to std", releases "closes its directory";
    "DirEntry" std::fs::DirEntry => SharesHeap, "a directory entry's name is private to std";
}
