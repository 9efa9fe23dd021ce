/* A fake NVML for tests: scripted values, device i (0-based):
 *   utilization gpu 10+i %, memory 20+i %; memory total 16 GiB, used (1+i) GiB;
 *   temp 40+i C; power 100000+1000*i mW, enforced limit 250000 mW; clocks sm 1400+i,
 *   mem 5000+i, graphics 1300+i MHz; ECC corrected 3+i, uncorrected i; fan 30+i %;
 *   encoder 5+i %; PCIe gen 4/max 5, width 16/max 16, speed 16000 MB/s;
 *   architecture Hopper (9), 16896 cores, name "Fake H100 #i", uuid "GPU-fake-i".
 * Env: FAKE_NVML_COUNT (default 2), FAKE_NVML_PID (a process on device 0),
 *      FAKE_NVML_FAIL_INIT (nvmlInit returns 9: driver not loaded). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { unsigned int gpu, memory; } util_t;
typedef struct { unsigned long long total, free, used; } mem_t;
typedef struct { unsigned int pid; unsigned long long used; unsigned int gi, ci; } proc_t;

static int count(void) { const char *c = getenv("FAKE_NVML_COUNT"); return c ? atoi(c) : 2; }
static long idx(void *d) { return (long)d - 1; }

int nvmlInit_v2(void) { return getenv("FAKE_NVML_FAIL_INIT") ? 9 : 0; }
int nvmlShutdown(void) { return 0; }
int nvmlDeviceGetCount_v2(unsigned int *n) { *n = count(); return 0; }
int nvmlDeviceGetHandleByIndex_v2(unsigned int i, void **d) {
  if ((int)i >= count()) return 2;
  *d = (void *)(long)(i + 1); return 0;
}
int nvmlSystemGetCudaDriverVersion_v2(int *v) { *v = 12040; return 0; }
int nvmlDeviceGetName(void *d, char *buf, unsigned int len) { snprintf(buf, len, "Fake H100 #%ld", idx(d)); return 0; }
int nvmlDeviceGetUUID(void *d, char *buf, unsigned int len) { snprintf(buf, len, "GPU-fake-%ld", idx(d)); return 0; }
int nvmlDeviceGetArchitecture(void *d, unsigned int *a) { *a = 9; return 0; }
int nvmlDeviceGetNumGpuCores(void *d, unsigned int *n) { *n = 16896; return 0; }
int nvmlDeviceGetUtilizationRates(void *d, util_t *u) { u->gpu = 10 + idx(d); u->memory = 20 + idx(d); return 0; }
int nvmlDeviceGetMemoryInfo(void *d, mem_t *m) {
  m->total = 16ULL << 30; m->used = (unsigned long long)(1 + idx(d)) << 30; m->free = m->total - m->used; return 0;
}
int nvmlDeviceGetTemperature(void *d, unsigned int sensor, unsigned int *t) { *t = 40 + idx(d); return 0; }
int nvmlDeviceGetPowerUsage(void *d, unsigned int *p) { *p = 100000 + 1000 * idx(d); return 0; }
int nvmlDeviceGetEnforcedPowerLimit(void *d, unsigned int *p) { *p = 250000; return 0; }
int nvmlDeviceGetClockInfo(void *d, unsigned int type, unsigned int *c) {
  static const unsigned int base[3] = {1300, 1400, 5000}; /* graphics, sm, mem */
  if (type > 2) return 2; *c = base[type] + idx(d); return 0;
}
int nvmlDeviceGetTotalEccErrors(void *d, unsigned int type, unsigned int counter, unsigned long long *v) {
  *v = type == 0 ? 3 + idx(d) : idx(d); return 0;
}
int nvmlDeviceGetFanSpeed(void *d, unsigned int *v) { *v = 30 + idx(d); return 0; }
int nvmlDeviceGetEncoderUtilization(void *d, unsigned int *u, unsigned int *period) { *u = 5 + idx(d); *period = 1000; return 0; }
int nvmlDeviceGetCurrPcieLinkGeneration(void *d, unsigned int *v) { *v = 4; return 0; }
int nvmlDeviceGetMaxPcieLinkGeneration(void *d, unsigned int *v) { *v = 5; return 0; }
int nvmlDeviceGetCurrPcieLinkWidth(void *d, unsigned int *v) { *v = 16; return 0; }
int nvmlDeviceGetMaxPcieLinkWidth(void *d, unsigned int *v) { *v = 16; return 0; }
int nvmlDeviceGetPcieSpeed(void *d, unsigned int *v) { *v = 16000; return 0; }
int nvmlDeviceGetComputeRunningProcesses_v3(void *d, unsigned int *n, proc_t *p) {
  const char *pid = getenv("FAKE_NVML_PID");
  if (idx(d) != 0 || !pid) { *n = 0; return 0; }
  if (*n < 1) { *n = 1; return 7; }
  p[0].pid = atoi(pid); p[0].used = 1 << 20; p[0].gi = p[0].ci = 0; *n = 1; return 0;
}
int nvmlDeviceGetGraphicsRunningProcesses_v3(void *d, unsigned int *n, proc_t *p) { *n = 0; return 0; }
