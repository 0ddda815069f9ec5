//! The seven workloads at the benchmarks' scale, built one after another for a measurement
//! (`test_bench_reserved.rs`, `test_bench_reserved_glibc.rs`).

use crate::workloads;

/// Measures one workload: builds it with `build` and checks or prints its figures.
pub trait Measure {
    fn row<T: memlayout::Layout>(&mut self, workload: &str, build: impl FnOnce() -> T);
}

/// Builds each of the seven workloads under `measure`, in order.
pub fn each_workload(measure: &mut impl Measure) {
    measure.row("1 Vec<u64>, 1,000,000 pushed", || {
        workloads::vec_u64(1_000_000)
    });
    measure.row("2 Vec<String>, 100,000", || workloads::vec_string(100_000));
    measure.row("3 HashMap<String, Vec<u32>>, 100,000", || {
        workloads::hash_map(100_000)
    });
    let nodes = workloads::tree_nodes(10, 5);
    measure.row(&format!("4 Node tree, {nodes} nodes"), || {
        workloads::tree(10, 5)
    });
    measure.row("5 Box list, 100,000 links", || workloads::list(100_000));
    measure.row("6 Vec<Rc<String>>, 100,000 of 1,000", || {
        workloads::rc_handles(100_000, 1_000)
    });
    measure.row("7 BTreeMap<u64, String>, 100,000", || {
        workloads::btree(100_000)
    });
}
