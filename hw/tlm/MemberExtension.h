#pragma once
// A TLM-2.0 extension that its initiator keeps as a member beside its payload (set with
// set_extension, cleared before the payload dies): TLM's interface still asks every extension for
// clone() and copy_from(), which hand out or fill owning copies. Nothing here copies a payload, so
// these are written once, for every such extension, as plain copies of the deriving struct.
#include <tlm>

namespace autorac::hw::tlmcheck {

template <class T>
struct MemberExtension : tlm::tlm_extension<T> {
  tlm::tlm_extension_base* clone() const override { return new T(static_cast<const T&>(*this)); }
  void copy_from(const tlm::tlm_extension_base& other) override { static_cast<T&>(*this) = static_cast<const T&>(other); }
};

}  // namespace autorac::hw::tlmcheck
