// The counter protocols of PROTOCOL.md 2.1 step 8, 2.2 step 3 and 3.10 step 1.
#ifndef INTEROP_COUNTERS_H
#define INTEROP_COUNTERS_H

#include "ShmemTypes.h"

#include <boost/interprocess/managed_shared_memory.hpp>
#include <boost/interprocess/shared_memory_object.hpp>
#include <boost/interprocess/sync/named_mutex.hpp>
#include <boost/interprocess/sync/scoped_lock.hpp>

#include <stdexcept>
#include <string>

namespace interop
{

namespace bipc = boost::interprocess;

// 2.1 step 8: under the named mutex, increment the DeviceCounter or construct it with 1.
inline unsigned int attachDevice(bipc::managed_shared_memory& main, bipc::named_mutex& mutex)
{
    bipc::scoped_lock<bipc::named_mutex> lock(mutex);
    auto* counter = main.find<fair::mq::shmem::DeviceCounter>(bipc::unique_instance).first;
    if (counter != nullptr) {
        return counter->fCount.fetch_add(1) + 1;
    }
    main.construct<fair::mq::shmem::DeviceCounter>(bipc::unique_instance)(1u);
    return 1;
}

struct DetachResult
{
    unsigned int count;       // counter value after the decrement
    bool removedMain;         // only attempted when count == 0
    bool removedManagement;
};

// 2.2 step 3: under the named mutex, decrement; the last user removes main and management by name.
// Removes the configured main segment name (our deliberate fix of defect D2).
inline DetachResult detachDevice(bipc::managed_shared_memory& main,
                                 bipc::named_mutex& mutex,
                                 const std::string& mainName,
                                 const std::string& managementName)
{
    bipc::scoped_lock<bipc::named_mutex> lock(mutex);
    auto* counter = main.find<fair::mq::shmem::DeviceCounter>(bipc::unique_instance).first;
    if (counter == nullptr) {
        throw std::runtime_error("no DeviceCounter in segment");
    }
    unsigned int current = counter->fCount.load();
    if (current == 0) {
        throw std::runtime_error("DeviceCounter is already 0");
    }
    const unsigned int count = counter->fCount.fetch_sub(1) - 1;
    DetachResult result{count, false, false};
    if (count == 0) {
        result.removedMain = bipc::shared_memory_object::remove(mainName.c_str());
        result.removedManagement = bipc::shared_memory_object::remove(managementName.c_str());
    }
    return result;
}

// 3.10 step 1: the next region id. The reference does this without any lock (defect D5); we run
// it as one atomic_func under the segment manager's own mutex, which narrows the race for peers
// that do the same and changes nothing for peers that do not.
inline unsigned int nextRegionId(bipc::managed_shared_memory& management)
{
    unsigned int id = 0;
    auto step = [&management, &id] {
        auto* counter = management.find<fair::mq::shmem::RegionCounter>(bipc::unique_instance).first;
        if (counter != nullptr) {
            id = counter->fCount.fetch_add(1) + 1;
        } else {
            management.construct<fair::mq::shmem::RegionCounter>(bipc::unique_instance)(1u);
            id = 1;
        }
    };
    management.atomic_func(step);
    return id;
}

} // namespace interop

#endif // INTEROP_COUNTERS_H
