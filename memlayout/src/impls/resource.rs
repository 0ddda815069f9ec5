//! Operating-system resources: no heap of their own, a handle the drop releases.

use std::fs::File;
use std::net::{TcpListener, TcpStream, UdpSocket};

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
}
