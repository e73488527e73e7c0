// Layout facts of the Boost 1.74 objects inside a managed segment that our build options could
// touch, checked at compile time. LockTimeout.h includes this after enabling Boost's lock timeout;
// native/tests/BoostLayoutWithoutTimeout.cpp compiles it without, so both builds agree with the
// C++ peers (PROTOCOL.md 1.2.4, 11.1). Needs no macro of ours.
#ifndef FAIRMQ_SHMEM_JNI_BOOSTLAYOUT_H
#define FAIRMQ_SHMEM_JNI_BOOSTLAYOUT_H

#include <boost/interprocess/managed_shared_memory.hpp>
#include <boost/interprocess/sync/interprocess_mutex.hpp>
#include <boost/interprocess/sync/interprocess_recursive_mutex.hpp>
#include <boost/version.hpp>

#include <pthread.h>

namespace fair::mq::shmem::jni::layout
{

namespace bipc = boost::interprocess;

using SegmentManager = bipc::managed_shared_memory::segment_manager;
using MemoryAlgorithm = SegmentManager::memory_algorithm;  // rbtree_best_fit<mutex_family, offset_ptr<void>, 0>

static_assert(BOOST_VERSION / 100 == 1074, "layout facts checked for Boost 1.74 (PROTOCOL.md 11.1)");

// The allocator mutex is the first base of rbtree_best_fit's header, itself its first member; the
// index mutex is the first base of segment_manager's header. Both are one process-shared pthread
// mutex, nothing else.
static_assert(sizeof(bipc::interprocess_mutex) == sizeof(pthread_mutex_t) && sizeof(pthread_mutex_t) == 40,
              "interprocess_mutex is one pthread_mutex_t");
static_assert(sizeof(bipc::interprocess_recursive_mutex) == sizeof(pthread_mutex_t),
              "interprocess_recursive_mutex is one pthread_mutex_t");
static_assert(sizeof(MemoryAlgorithm) == 96, "rbtree_best_fit header of Boost 1.74");
static_assert(sizeof(bipc::segment_manager_base<MemoryAlgorithm>) == sizeof(MemoryAlgorithm),
              "segment_manager_base adds no data to rbtree_best_fit");
static_assert(sizeof(SegmentManager) == 200, "segment_manager of Boost 1.74");

} // namespace fair::mq::shmem::jni::layout

#endif // FAIRMQ_SHMEM_JNI_BOOSTLAYOUT_H
