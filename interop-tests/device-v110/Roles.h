// The roles of fairmq-interop-device-v110.
#ifndef INTEROP_V110_DEVICE_ROLES_H
#define INTEROP_V110_DEVICE_ROLES_H

#include "Options.h"
#include "Regions.h"
#include "Session.h"
#include "Wire.h"

#include "../device/MessagePlan.h"
#include "../device/Summary.h"

#include <cstdint>

namespace interop::v110
{

struct RoleContext
{
    const Options& options;
    const interop::device::MessagePlan& plan;
    Socket& socket;
    Codec& codec;
    ControllerRegion* region;
    interop::device::Summary& summary;
    Patience patience;
    std::uint64_t refCountSeen = 0;   // highest refcount seen on a part with a buffer
    Socket* replies = nullptr;        // ping/pong: the reply channel
};

void runSender(RoleContext& ctx);      // push, pair-send
void runReceiver(RoleContext& ctx);    // pull, pair-recv
void runRequester(RoleContext& ctx);   // req
void runReplier(RoleContext& ctx);     // rep

// --bench (BenchRoles.cpp): throughput and latency, the twins of fairmq-interop-device --bench.
void runBenchSender(RoleContext& ctx);     // push
void runBenchReceiver(RoleContext& ctx);   // pull
void runPing(RoleContext& ctx);
void runPong(RoleContext& ctx);

// probe and cleanup work on a session without joining it; both return the exit code.
int runProbe(const Options& options, const Names& names);
int runCleanup(const Options& options, const Names& names);

} // namespace interop::v110

#endif // INTEROP_V110_DEVICE_ROLES_H
