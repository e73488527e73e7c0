// The v1.10 types' index keys and layouts (PROTOCOL-V110.md 1.3, 3.1, 3.6, 4.4, 4.5).
#include <fairmq/shmem/v110/Common.h>

#include <boost/interprocess/allocators/node_allocator.hpp>
#include <boost/interprocess/sync/interprocess_mutex.hpp>

#include <gtest/gtest.h>

#include <typeinfo>

namespace fair::mq::shmem
{
namespace
{

TEST(V110Common, UniqueInstanceKeysAreTheReferences)
{
    EXPECT_STREQ(kMutexKey, typeid(bipc::interprocess_mutex).name());
    EXPECT_STREQ(kSessionInfoKey, typeid(SessionInfo).name());
    EXPECT_STREQ(kEventCounterKey, typeid(EventCounter).name());
    EXPECT_STREQ(kDeviceCounterKey, typeid(DeviceCounter).name());
    EXPECT_STREQ(kHeartbeatKey, typeid(Heartbeat).name());
    EXPECT_STREQ(kRegionCounterKey, typeid(RegionCounter).name());
    EXPECT_STREQ(kSegmentMapKey, typeid(Uint16SegmentInfoHashMap).name());
    EXPECT_STREQ(kRegionMapKey, typeid(Uint16RegionInfoHashMap).name());
    EXPECT_EQ(250u, std::string(kSegmentMapKey).size());
    EXPECT_EQ(249u, std::string(kRegionMapKey).size());
}

TEST(V110Common, OtherNamesOfTheDocument)
{
    EXPECT_STREQ("N4fair2mq5shmem10MetaHeaderE", typeid(MetaHeader).name());
    EXPECT_STREQ("N4fair2mq5shmem8RefCountE", typeid(RefCount).name());
    EXPECT_STREQ("N4fair2mq5shmem11RegionBlockE", typeid(RegionBlock).name());
    EXPECT_STREQ("N5boost9container12basic_stringIcSt11char_traitsIcENS_12interprocess9allocatorIcNS4_15segment_"
                 "managerIcNS4_15rbtree_best_fitINS4_12mutex_familyENS4_10offset_ptrIvlmLm0EEELm0EEENS4_10iset_"
                 "indexEEEEEEE",
                 typeid(Str).name());
    using RefCountPool = bipc::ipcdetail::shared_node_pool<SegmentManager, sizeof(RefCount), 4096>;
    EXPECT_STREQ("N5boost12interprocess9ipcdetail16shared_node_poolINS0_15segment_managerIcNS0_15rbtree_best_fitINS0"
                 "_12mutex_familyENS0_10offset_ptrIvlmLm0EEELm0EEENS0_10iset_indexEEELm2ELm4096EEE",
                 typeid(RefCountPool).name());
}

} // namespace
} // namespace fair::mq::shmem
