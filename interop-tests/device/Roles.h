// The roles of fairmq-interop-device. Each returns after its N messages, or throws (GiveUp on a
// stop signal or timeout, anything else on a transport error); the caller counts that as an error.
#ifndef INTEROP_DEVICE_ROLES_H
#define INTEROP_DEVICE_ROLES_H

#include "MessageIo.h"

#include <boost/interprocess/managed_shared_memory.hpp>

namespace interop::device
{

void runSender(RoleContext& ctx);     // push, pair-send
void runReceiver(RoleContext& ctx);   // pull, pair-recv
void runBenchSender(RoleContext& ctx);    // push --bench
void runBenchReceiver(RoleContext& ctx);  // pull --bench
// --bench receivers: the next frame of `socket` that decodes (rejected ones are reported, dropped).
ReceivedPart receiveBenchPart(RoleContext& ctx, ZmqSocket& socket, ZmqMessage& frame);
void runPing(RoleContext& ctx);       // ping --bench (LatencyRoles.cpp)
void runPong(RoleContext& ctx);       // pong --bench
void runRequester(RoleContext& ctx);  // req
void runReplier(RoleContext& ctx);    // rep
class DeviceTransport;

// push interleaved with frames of every hostile kind (HostileRole.cpp); keeps its baits until stopped.
void runHostileSampler(RoleContext& ctx, DeviceTransport& transport);
// push with one random frame before each valid message (FuzzRole.cpp).
void runFuzzSampler(RoleContext& ctx, DeviceTransport& transport);

} // namespace interop::device

#endif // INTEROP_DEVICE_ROLES_H
