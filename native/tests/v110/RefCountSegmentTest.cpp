// RefCounts of copied region messages in rrc segments (PROTOCOL-V110.md 4.4).
#include <fairmq/shmem/v110/jni/RefCountSegment.h>

#include "../TestPrefix.h"

#include <gtest/gtest.h>

namespace fair::mq::shmem::v110::jni
{
namespace
{

constexpr int kOpenOnly = 1;
constexpr int kOpenOrCreate = 2;

TEST(V110RefCountSegment, NodesOfTheReferencePoolAreCountedAndGivenBack)
{
    std::string prefix = test::UniquePrefix("v110rrc");
    std::string name = prefix + "rrc_1024";
    {
        RefCountSegment rrc(kOpenOrCreate, name, 100000000);
        EXPECT_EQ(99999424u, rrc.FreeMemory());  // 4.4 [V], Boost 1.74: the pool alone
        std::int64_t handle = rrc.Allocate(2);
        ASSERT_GT(handle, 0);
        EXPECT_TRUE(rrc.IsPlausible(handle));
        EXPECT_FALSE(rrc.IsPlausible(handle + 1));
        EXPECT_FALSE(rrc.IsPlausible(static_cast<std::int64_t>(rrc.Size())));
        RefCountSegment viewer(kOpenOnly, name, 0);
        EXPECT_EQ(2, viewer.Count(handle));
        EXPECT_EQ(3, viewer.AddReference(handle));
        EXPECT_EQ(0, viewer.Release(handle));
        EXPECT_EQ(0, rrc.Release(handle));
        EXPECT_EQ(1, viewer.Release(handle));  // the viewer frees through the same allocator type
        std::int64_t again = rrc.Allocate(2);
        EXPECT_EQ(handle, again);  // the node went back to the pool
        EXPECT_EQ(0, rrc.Release(again));
        EXPECT_EQ(1, rrc.Release(again));
    }
    bipc::shared_memory_object::remove(name.c_str());
    EXPECT_TRUE(test::LeftInDevShm(prefix).empty());
}

} // namespace
} // namespace fair::mq::shmem::v110::jni
