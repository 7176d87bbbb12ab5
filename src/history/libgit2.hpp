#pragma once

#include <git2.h>

#include <memory>
#include <string>

namespace history {

// libgit2 objects freed by their own functions, whatever path leaves the scope; shared by the walk and
// the change listing.
template<typename T, void (*Free)(T*)> struct Freer
{
  void operator()(T* object) const
  {
    Free(object);
  }
};
using RepositoryPtr = std::unique_ptr<git_repository, Freer<git_repository, git_repository_free>>;
using RevwalkPtr = std::unique_ptr<git_revwalk, Freer<git_revwalk, git_revwalk_free>>;
using CommitPtr = std::unique_ptr<git_commit, Freer<git_commit, git_commit_free>>;
using TreePtr = std::unique_ptr<git_tree, Freer<git_tree, git_tree_free>>;
using DiffPtr = std::unique_ptr<git_diff, Freer<git_diff, git_diff_free>>;
using BlobPtr = std::unique_ptr<git_blob, Freer<git_blob, git_blob_free>>;
using ObjectPtr = std::unique_ptr<git_object, Freer<git_object, git_object_free>>;
using IndexPtr = std::unique_ptr<git_index, Freer<git_index, git_index_free>>;

// A git id as ParsedBlobs names blobs (history.hpp): its raw bytes.
inline std::string raw_id(const git_oid& id)
{
  return std::string(reinterpret_cast<const char*>(id.id), GIT_OID_RAWSZ);
}

// The library's global state, initialised for as long as one of these lives.
class Libgit2
{
public:
  Libgit2()
  {
    git_libgit2_init();
    // Re-hashing every object read was a fifth of the walk; reading our own repository needs no proof
    // against a corrupt object database that git itself would not give.
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    // The walk reads a pack end to end; libgit2 keeps up to 8 GiB of it mapped by default, all of it
    // resident once read. Smaller windows under a cap keep the run's memory near the documents' size: a pack
    // written as git writes a clone's is walked about as fast under 24 MiB as under 32 (bench/RESULTS.md).
    git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, static_cast<size_t>(8) << 20);
    git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, static_cast<size_t>(24) << 20);
    // Objects read once stay cached (256 MiB by default) although the walk reads each commit and tree once
    // and keeps the trees it compares itself.
    git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
  }
  ~Libgit2()
  {
    git_libgit2_shutdown();
  }
  Libgit2(const Libgit2&) = delete;
  Libgit2& operator=(const Libgit2&) = delete;
};

// The one instance, initialised on first use from any thread.
inline const Libgit2& libgit2()
{
  static const Libgit2 k_library;
  return k_library;
}

inline std::string last_error()
{
  const git_error* error = git_error_last();
  return error && error->message ? error->message : "unknown libgit2 error";
}

} // namespace history
