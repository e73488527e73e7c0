// Monitor auto-spawn of a device with --shm-monitor (PROTOCOL-V110.md 2.4).
#ifndef INTEROP_V110_DEVICE_MONITOR_H
#define INTEROP_V110_DEVICE_MONITOR_H

#include "interop/v110/Names.h"

#include <string>

namespace interop::v110
{

// 2.4 steps 1-4; the caller holds the session mutex (2.1 step 10). If fmq_<shmId>_ms exists, nothing
// is started; else fairmq-shmmonitor is searched in $FAIRMQ_PATH then $PATH (not found: a warning,
// and the device goes on), spawned with "-x -m --shmid <shmId> -d -t 2000 <--verbose|''>" and
// awaited (fmq_<shmId>_ms appears) for up to 1000 x 10 ms; throws std::runtime_error otherwise.
// The spawned process is reaped (by a detached thread) when it exits.
void startMonitor(const Names& names, bool verbose);

// The search of 2.4 step 2: the first executable regular file named `name` in `fairmqPath` (one
// directory) or one of the ':'-separated entries of `path`; empty if none.
std::string searchExecutable(const std::string& name, const char* fairmqPath, const char* path);

} // namespace interop::v110

#endif // INTEROP_V110_DEVICE_MONITOR_H
