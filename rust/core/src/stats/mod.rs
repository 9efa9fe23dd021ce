//! System metrics sampler (issue 5): /proc, disks, network, NVML, rocm-smi, neuron-monitor,
//! OpenMetrics. Owner: the system-metrics helper.
