#include "TestPrefix.h"

#include <fairmq/shmem/Names.h>
#include <fairmq/shmem/jni/SharedRegion.h>

#include <gtest/gtest.h>

#include <cstring>

namespace
{

using namespace fair::mq::shmem;
using jni::OpenMode;
using jni::SharedRegion;

class SharedRegionTest : public ::testing::Test
{
  protected:
    void TearDown() override
    {
        SharedRegion::Remove(fName);
        EXPECT_TRUE(test::LeftInDevShm(fPrefix).empty());
    }

    std::string fPrefix = test::UniquePrefix("region");
    std::string fName = Names(fPrefix).Region(1);
};

TEST_F(SharedRegionTest, CreatedRegionHasExactSizeAndIsSharedWithOpeners)
{
    SharedRegion created(static_cast<int>(OpenMode::CreateOnly), fName, 10000);
    EXPECT_EQ(created.Size(), 10000U);
    std::memcpy(reinterpret_cast<void*>(created.Address() + 4096), "region", 6);
    SharedRegion opened(static_cast<int>(OpenMode::OpenOnly), fName, 0);
    EXPECT_EQ(opened.Size(), 10000U);
    EXPECT_EQ(std::memcmp(reinterpret_cast<void*>(opened.Address() + 4096), "region", 6), 0);
}

TEST_F(SharedRegionTest, CreateOnlyOfExistingAndOpenOnlyOfMissingFail)
{
    try {
        SharedRegion missing(static_cast<int>(OpenMode::OpenOnly), fName, 0);
        FAIL();
    } catch (const jni::Error& e) {
        EXPECT_EQ(e.Kind(), jni::ErrorKind::NotFound);
    }
    SharedRegion created(static_cast<int>(OpenMode::CreateOnly), fName, 4096);
    try {
        SharedRegion again(static_cast<int>(OpenMode::CreateOnly), fName, 4096);
        FAIL();
    } catch (const jni::Error& e) {
        EXPECT_EQ(e.Kind(), jni::ErrorKind::AlreadyExists);
    }
}

} // namespace
