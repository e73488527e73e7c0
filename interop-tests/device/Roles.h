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
void runRequester(RoleContext& ctx);  // req
void runReplier(RoleContext& ctx);    // rep
// push with one frame of every hostile kind after message 0 (`main` sizes the out-of-bounds frames).
void runHostileSampler(RoleContext& ctx, const boost::interprocess::managed_shared_memory& main);

} // namespace interop::device

#endif // INTEROP_DEVICE_ROLES_H
