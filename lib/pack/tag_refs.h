#pragma once
// What tags mean to pack-objects: objects that tags point to are written
// after the untagged front of the pack (git's mark_tagged), and
// --include-tag adds the tag objects (whole chains of tags on tags) whose
// peeled target is in the pack.
namespace grit {

class ObjectCounter;
class PackingList;
class Repository;

// Sets `tagged` on each listed object a tag ref names, or peels to.
void mark_tagged_objects(PackingList& list, Repository& repo);

// --include-tag. Throws Error("unable to pack objects reachable from tag
// <oid>") when a tag in a chain cannot be read.
void include_tags(ObjectCounter& counter, PackingList& list, Repository& repo);

}  // namespace grit
