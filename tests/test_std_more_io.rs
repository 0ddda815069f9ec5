//! The rest of std's I/O, process and file-system types a struct commonly holds (issue 10,
//! section 2): `Cursor`, `BufReader`, `BufWriter`, `LineWriter`, standard stream locks, child
//! processes, backtraces, directory listings and Unix sockets. Heap figures against the counting
//! allocator (exact where claimed, the truth inside the bounds where not), frees in drop order
//! against the allocator's log.

mod test_std_more_support;

use std::backtrace::Backtrace;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Cursor, LineWriter, Read, Write};
use std::mem::offset_of;
use std::process::{Child, ChildStdin, Command, ExitStatus, Output, Stdio};

use memlayout::{DropAction, DropOrderExt, Layout, Storage};
use test_std_more_support::{against_allocator, alloc, check_static, frees_in_drop_order};

#[test]
fn io_adapters_static_layout() {
    check_static::<Cursor<Vec<u8>>>(Storage::OwnsHeap, false);
    check_static::<Cursor<&[u8]>>(Storage::Borrows, false);
    check_static::<Cursor<[u8; 4]>>(Storage::Inline, true);
    check_static::<BufReader<File>>(Storage::OwnsHeap, false);
    check_static::<BufWriter<Vec<u8>>>(Storage::OwnsHeap, false);
    check_static::<LineWriter<File>>(Storage::OwnsHeap, false);
    check_static::<io::StdoutLock<'static>>(Storage::Borrows, true);
}

#[test]
fn cursor_is_its_inner_value() {
    for (len, capacity) in [(0, 0), (0, 16), (5, 5), (5, 64), (300, 1000)] {
        let (mut cursor, _) = against_allocator("Cursor<Vec<u8>>", true, || {
            let mut bytes = Vec::with_capacity(capacity);
            bytes.resize(len, 7u8);
            Cursor::new(bytes)
        });
        cursor.set_position(len as u64 / 2);
        let after_seek = memlayout::totals(&cursor);
        assert_eq!(after_seek.heap_bytes, cursor.get_ref().capacity());
        cursor.write_all(&[1; 40]).unwrap();
        assert_eq!(memlayout::heap_bytes(&cursor), cursor.get_ref().capacity());
    }
    let bytes = vec![1u8; 10];
    against_allocator("Cursor<&[u8]>", true, || Cursor::new(bytes.as_slice()));
    assert_eq!(frees_in_drop_order(Cursor::new(vec![0u8; 12])), [12]);
}

#[test]
fn take_and_chain_are_their_readers() {
    check_static::<io::Take<Cursor<Vec<u8>>>>(Storage::OwnsHeap, false);
    check_static::<io::Chain<&[u8], Cursor<[u8; 2]>>>(Storage::Borrows, false);
    check_static::<io::Chain<Cursor<[u8; 2]>, io::Empty>>(Storage::Inline, true);
    for len in [0, 6, 100] {
        let (mut take, _) = against_allocator("Take", true, || {
            Cursor::new(vec![5u8; len]).take(len as u64 / 2)
        });
        let mut out = Vec::new();
        take.read_to_end(&mut out).unwrap();
        assert_eq!(memlayout::heap_bytes(&take), len);
        let (chain, _) = against_allocator("Chain", true, || {
            Cursor::new(vec![1u8; len]).chain(Cursor::new("c".repeat(len + 1)))
        });
        assert_eq!(
            frees_in_drop_order(chain),
            [len, len + 1][usize::from(len == 0)..]
        );
    }
}

#[test]
fn buf_reader_counts_its_buffer_exactly() {
    let data: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
    for capacity in [0, 1, 100, 4096, 20_000] {
        for inner_len in [0, 10, 5000] {
            let (mut reader, totals) = against_allocator("BufReader", true, || {
                BufReader::with_capacity(capacity, Cursor::new(data[..inner_len].to_vec()))
            });
            assert_eq!(totals.heap_bytes, capacity + inner_len);
            // Fill the buffer, consume part of it: still the same blocks.
            let filled = reader.fill_buf().unwrap().len();
            reader.consume(filled / 2);
            let totals = memlayout::totals(&reader);
            assert_eq!(totals.heap_bytes, capacity + inner_len);
            assert!(totals.is_exact);
            let mut rest = Vec::new();
            reader.read_to_end(&mut rest).unwrap();
            assert_eq!(rest.len(), inner_len - filled / 2);
            assert_eq!(memlayout::heap_bytes(&reader), capacity + inner_len);
        }
    }
    against_allocator("BufReader::new", true, || {
        BufReader::new(Cursor::new(vec![1u8; 3]))
    });
    let (file_reader, totals) = against_allocator("BufReader<File>", true, || {
        BufReader::with_capacity(333, File::open("Cargo.toml").unwrap())
    });
    assert_eq!((totals.heap_bytes, totals.resources), (333, 1));
    drop(file_reader);
    // The buffer is freed before the inner reader is dropped.
    let reader = BufReader::with_capacity(64, Cursor::new(vec![0u8; 40]));
    assert_eq!(frees_in_drop_order(reader), [64, 40]);
}

#[test]
fn buf_writer_counts_its_buffer_exactly() {
    for capacity in [0, 7, 100, 8192] {
        for written in [0, 5, 99, 500] {
            let (mut writer, _) = against_allocator("BufWriter<Vec<u8>>", true, || {
                let mut writer = BufWriter::with_capacity(capacity, Vec::with_capacity(50));
                writer.write_all(&vec![3u8; written]).unwrap();
                writer
            });
            let totals = memlayout::totals(&writer);
            assert_eq!(
                totals.heap_bytes,
                capacity + writer.get_ref().capacity(),
                "capacity {capacity}, written {written}"
            );
            assert_eq!(
                totals.heap_used,
                writer.buffer().len() + writer.get_ref().len()
            );
            writer.flush().unwrap();
            assert_eq!(
                memlayout::heap_bytes(&writer),
                capacity + writer.get_ref().capacity()
            );
        }
    }
    against_allocator("BufWriter::new", true, || BufWriter::new(Vec::<u8>::new()));
    // Drop runs `Drop::drop` (a flush), frees the buffer, then drops the inner writer.
    let writer = BufWriter::with_capacity(32, vec![0u8; 10]);
    let order = writer.drop_order();
    assert_eq!(
        order.steps().next().map(|s| s.action()),
        Some(DropAction::RunsDropImpl)
    );
    assert_eq!(frees_in_drop_order(writer), [32, 10]);
}

#[test]
fn line_writer_buffer_is_a_bound() {
    for capacity in [0, 10, 1024] {
        let (writer, totals) = against_allocator("LineWriter<Vec<u8>>", false, || {
            let mut writer = LineWriter::with_capacity(capacity, Vec::with_capacity(20));
            writer.write_all(b"no newline yet").unwrap();
            writer
        });
        assert_eq!(totals.unreadable, 1);
        // What is known is the inner writer.
        assert_eq!(totals.heap_bytes_low, writer.get_ref().capacity());
    }
    let (_, totals) = against_allocator("LineWriter::new", false, || {
        LineWriter::new(Vec::<u8>::new())
    });
    // The docs' figure for `LineWriter::new`'s buffer, from the allocator.
    let (_, usage) = alloc::measure(|| LineWriter::new(Vec::<u8>::new()));
    assert_eq!((usage.bytes, totals.heap_bytes_low), (1024, 0));
}

#[test]
fn standard_stream_locks_borrow_statics() {
    let (lock, totals) = against_allocator("StdoutLock", true, || io::stdout().lock());
    assert_eq!(totals.heap_bytes, 0);
    drop(lock);
}

#[test]
fn processes() {
    check_static::<Child>(Storage::Resource, false);
    assert_eq!(
        <Child>::LAYOUT.padding_gaps().count(),
        0,
        "its handle is private"
    );
    check_static::<ChildStdin>(Storage::Resource, false);
    check_static::<Command>(Storage::OwnsHeap, false);
    check_static::<Output>(Storage::OwnsHeap, false);
    let output = <Output>::LAYOUT;
    let offsets: Vec<_> = output.fields.iter().map(|f| (f.name, f.offset)).collect();
    assert_eq!(
        offsets,
        [
            ("status", offset_of!(Output, status)),
            ("stdout", offset_of!(Output, stdout)),
            ("stderr", offset_of!(Output, stderr)),
        ]
    );

    against_allocator("Command", false, || {
        let mut command = Command::new("true");
        command
            .arg("--an-argument")
            .env("SOME_VAR", "a value")
            .current_dir(".");
        command
    });
    let (mut child, totals) = against_allocator("Child", true, || {
        Command::new("cat")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap()
    });
    assert_eq!(totals.resources, 2, "stdin and stdout pipes");
    let steps: Vec<_> = child
        .drop_order()
        .steps()
        .filter(|s| matches!(s.action(), DropAction::ReleasesResource { .. }))
        .map(|s| s.path())
        .collect();
    assert_eq!(steps.len(), 2, "{steps:?}");
    drop(child.stdin.take());
    let (output, _) = against_allocator("Output", true, || child.wait_with_output().unwrap());
    assert!(output.status.success());
    let built = || Output {
        status: ExitStatus::default(),
        stdout: Vec::with_capacity(10),
        stderr: vec![1, 2, 3],
    };
    against_allocator("Output", true, built);
    assert_eq!(frees_in_drop_order(built()), [10, 3]);
}

#[test]
fn backtraces_are_exact_unless_captured() {
    check_static::<Backtrace>(Storage::OwnsHeap, false);
    let (disabled, _) = against_allocator("Backtrace::disabled", true, Backtrace::disabled);
    assert_ne!(disabled.status(), std::backtrace::BacktraceStatus::Captured);
    let (captured, totals) = against_allocator("Backtrace::force_capture", false, || {
        Backtrace::force_capture()
    });
    assert_eq!(totals.unreadable, 1);
    drop(captured);
}

#[test]
fn directory_listings_and_unix_sockets() {
    check_static::<std::fs::ReadDir>(Storage::Resource, false);
    check_static::<std::fs::DirEntry>(Storage::SharesHeap, false);
    let (mut listing, totals) =
        against_allocator("ReadDir", false, || std::fs::read_dir("tests").unwrap());
    assert_eq!((totals.unreadable, totals.resources), (1, 1));
    let (entry, totals) = against_allocator("DirEntry", false, || listing.next().unwrap().unwrap());
    assert_eq!(totals.unreadable, 1);
    assert!(!entry.file_name().is_empty());
    #[cfg(unix)]
    {
        use std::os::unix::net::UnixStream;
        check_static::<UnixStream>(Storage::Resource, false);
        let (pair, totals) =
            against_allocator("UnixStream pair", true, || UnixStream::pair().unwrap());
        assert_eq!(totals.resources, 2);
        drop(pair);
    }
}
