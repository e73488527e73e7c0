// The objects a peer process keeps open between commands, each table keyed by object name.
#ifndef INTEROP_PEER_REGISTRY_H
#define INTEROP_PEER_REGISTRY_H

#include <boost/interprocess/ipc/message_queue.hpp>
#include <boost/interprocess/managed_shared_memory.hpp>
#include <boost/interprocess/mapped_region.hpp>
#include <boost/interprocess/shared_memory_object.hpp>
#include <boost/interprocess/sync/named_mutex.hpp>

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

namespace interop::peer
{

// Objects of one kind; `kind` names them in error messages ("segment not open").
template <typename T>
class NamedTable
{
  public:
    explicit NamedTable(std::string kind) : kind_(std::move(kind)) {}

    T& get(const std::string& name) const
    {
        const auto it = objects_.find(name);
        if (it == objects_.end()) {
            throw std::runtime_error(kind_ + " not open");
        }
        return *it->second;
    }

    // Replaces (and so unmaps) an object previously registered under the same name.
    T& put(const std::string& name, std::unique_ptr<T> object)
    {
        auto& slot = objects_[name];
        slot = std::move(object);
        return *slot;
    }

    void close(const std::string& name)
    {
        if (objects_.erase(name) == 0) {
            throw std::runtime_error(kind_ + " not open");
        }
    }

  private:
    std::string kind_;
    std::map<std::string, std::unique_ptr<T>> objects_;
};

// A raw region: the POSIX object and one mapping of all of it (PROTOCOL.md 1.1, 3.10).
struct Region
{
    boost::interprocess::shared_memory_object object;
    boost::interprocess::mapped_region mapping;
};

struct Registry
{
    NamedTable<boost::interprocess::managed_shared_memory> segments{"segment"};
    NamedTable<boost::interprocess::message_queue> queues{"queue"};
    NamedTable<boost::interprocess::named_mutex> mutexes{"mutex"};
    NamedTable<Region> regions{"region"};
};

} // namespace interop::peer

#endif // INTEROP_PEER_REGISTRY_H
