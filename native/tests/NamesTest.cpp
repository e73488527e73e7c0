#include <fairmq/shmem/Names.h>

#include <gtest/gtest.h>

namespace
{

using fair::mq::shmem::Names;

TEST(Names, DefaultPrefixGivesTheReferenceNames)
{
    Names names;
    EXPECT_EQ(names.Main(), "fairmq_shmem_main");
    EXPECT_EQ(names.Management(), "fairmq_shmem_management");
    EXPECT_EQ(names.Mutex(), "fairmq_shmem_mutex");
    EXPECT_EQ(names.ControlQueue(), "fairmq_shmem_control_queue");
    EXPECT_EQ(names.Queues(), "fairmq_shmem_queues");
    EXPECT_EQ(names.Region(1), "fairmq_shmem_region_1");
    EXPECT_EQ(names.Region(18446744073709551615ULL), "fairmq_shmem_region_18446744073709551615");
}

TEST(Names, PrefixRenamesEveryObject)
{
    Names names("t1_");
    EXPECT_EQ(names.Main(), "t1_main");
    EXPECT_EQ(names.Management(), "t1_management");
    EXPECT_EQ(names.Mutex(), "t1_mutex");
    EXPECT_EQ(names.ControlQueue(), "t1_control_queue");
    EXPECT_EQ(names.Region(12), "t1_region_12");
}

TEST(Names, FixedSizes)
{
    EXPECT_EQ(fair::mq::shmem::kDefaultMainSegmentSize, 2000000000U);
    EXPECT_EQ(fair::mq::shmem::kManagementSegmentSize, 65536U);
    EXPECT_EQ(fair::mq::shmem::kControlQueueCapacity, 1000U);
    EXPECT_EQ(fair::mq::shmem::kControlQueueMessageSize, 1U);
}

} // namespace
