// A segment larger than what /dev/shm can back: a warning by default, an error before anything is
// created with reserve, every page allocated up front when it fits (jni/SegmentSpace.h).
#include "TestPrefix.h"

#include <fairmq/shmem/jni/ManagedSegment.h>

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/statvfs.h>

namespace
{

using namespace fair::mq::shmem;
using jni::Error;
using jni::ErrorKind;
using jni::ManagedSegment;
using jni::OpenMode;

constexpr int kCreate = static_cast<int>(OpenMode::CreateOnly);
constexpr int kOpen = static_cast<int>(OpenMode::OpenOnly);
constexpr int kOpenOrCreate = static_cast<int>(OpenMode::OpenOrCreate);

std::uint64_t FreeInDevShm()
{
    struct statvfs fs{};
    EXPECT_EQ(::statvfs("/dev/shm", &fs), 0);
    return static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize;
}

std::uint64_t BackedBytes(const std::string& name)
{
    struct stat st{};
    EXPECT_EQ(::stat(("/dev/shm/" + name).c_str(), &st), 0);
    return static_cast<std::uint64_t>(st.st_blocks) * 512;
}

class SegmentSpaceTest : public ::testing::Test
{
  protected:
    void TearDown() override
    {
        ManagedSegment::Remove(fName);
        EXPECT_TRUE(test::LeftInDevShm(fPrefix).empty());
    }

    std::string fPrefix = test::UniquePrefix("space");
    std::string fName = fPrefix + "main";
    // sparse: creating it touches two pages only, whatever /dev/shm has free
    std::uint64_t fTooLarge = FreeInDevShm() + (std::uint64_t{1} << 30);
};

TEST_F(SegmentSpaceTest, ASegmentThatFitsHasNoWarning)
{
    ManagedSegment segment(kCreate, fName, 1 << 20);
    EXPECT_EQ(segment.SpaceWarning(), "");
    EXPECT_LT(BackedBytes(fName), std::uint64_t{1} << 20) << "without reserve the pages stay unallocated";
}

TEST_F(SegmentSpaceTest, ATooLargeSegmentIsCreatedWithAWarningNamingBothSizesAndTheRemedies)
{
    ManagedSegment segment(kOpenOrCreate, fName, fTooLarge);
    const std::string& warning = segment.SpaceWarning();
    EXPECT_EQ(warning.rfind("\"" + fName + "\": shared memory segment of " + std::to_string(fTooLarge) + " bytes needs ", 0), 0U)
        << warning;
    EXPECT_NE(warning.find("more bytes than /dev/shm has free ("), std::string::npos) << warning;
    EXPECT_NE(warning.find("SIGBUS"), std::string::npos) << warning;
    EXPECT_NE(warning.find("--shm-segment-size"), std::string::npos) << warning;
    EXPECT_NE(warning.find("a larger /dev/shm"), std::string::npos) << warning;
    EXPECT_NE(warning.find("--shm-reserve"), std::string::npos) << warning;

    ManagedSegment opened(kOpen, fName, 0);
    EXPECT_NE(opened.SpaceWarning().find(" (8192 of them backed) needs "), std::string::npos)
        << "an existing segment is judged by its allocated blocks: " << opened.SpaceWarning();
}

TEST_F(SegmentSpaceTest, ReserveRefusesATooLargeSegmentBeforeCreatingIt)
{
    try {
        ManagedSegment segment(kOpenOrCreate, fName, fTooLarge, true);
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.Kind(), ErrorKind::OutOfMemory);
        std::string what = e.what();
        EXPECT_EQ(what.rfind("[out_of_memory] reserve \"" + fName + "\": shared memory segment of "
                                 + std::to_string(fTooLarge) + " bytes needs ", 0), 0U) << what;
        EXPECT_NE(what.find("nothing was reserved. Use a smaller --shm-segment-size or a larger /dev/shm"),
                  std::string::npos) << what;
    }
    EXPECT_TRUE(test::LeftInDevShm(fPrefix).empty()) << "nothing was created";
}

TEST_F(SegmentSpaceTest, ReserveAllocatesEveryPageOfANewAndOfAnExistingSegment)
{
    constexpr std::uint64_t kSize = 8 << 20;
    {
        ManagedSegment created(kCreate, fName, kSize);
        EXPECT_LT(BackedBytes(fName), kSize);
        ManagedSegment reserved(kOpen, fName, 0, true);
        EXPECT_GE(BackedBytes(fName), kSize) << "an existing segment gets its holes filled";
        EXPECT_EQ(reserved.FreeMemory(), created.FreeMemory()) << "and keeps its contents";
    }
    ManagedSegment::Remove(fName);
    ManagedSegment fresh(kCreate, fName, kSize, true);
    EXPECT_GE(BackedBytes(fName), kSize);
    EXPECT_EQ(fresh.SpaceWarning(), "");
}

} // namespace
