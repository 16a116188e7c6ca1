#include "kernel/proc/image.h"

#include "kernel/arch/cpu_features.h"
#include "kernel/random.h"
#include "kernel/fs/program_store.h"
#include "kernel/heap.h"
#include "kernel/print.h"
#include "lib/elf_plan.h"
#include "lib/initial_stack.h"
#include "mm/address_space.h"

namespace cw::proc {

namespace {

inline constexpr uint32_t kClockTicksPerSecond = 100;  // AT_CLKTCK: Linux's USER_HZ, what times() counts in
inline constexpr uint32_t kPhdrEntrySize = 32;         // sizeof(Elf32_Phdr)

Result<ElfPlan> plan_program(const disk::ProgramEntry& program) {
  uint8_t header[kPageSize];
  uint32_t available = program.size < kPageSize ? program.size : kPageSize;
  TRY(programs::read(program, 0, header, available));
  auto plan = plan_elf(header, available, program.size, kUserElfLimits);
  if (!plan) {
    kprint("exec: program '{}' refused: {}\n", program.name, describe(plan.error()));
    return Error::BadExecutable;
  }
  return plan.release_value();
}

// The auxiliary vector Linux builds for a static executable (fs/binfmt_elf.c create_elf_tables), minus
// the vDSO entries (Clockwork has no vDSO) and the three the stack builder adds itself.
void add_auxiliary_vector(InitialStackSpec& spec, const ElfPlan& plan) {
  auto add = [&](AuxType type, uint32_t value) { spec.aux[spec.aux_count++] = AuxEntry{type, value}; };
  add(AuxType::Hwcap, cpu::cpuid(1).edx);
  add(AuxType::Pagesz, kPageSize);
  add(AuxType::Clktck, kClockTicksPerSecond);
  add(AuxType::Phdr, plan.phdr_address().get());
  add(AuxType::Phent, kPhdrEntrySize);
  add(AuxType::Phnum, plan.phnum());
  add(AuxType::Base, 0);   // no interpreter
  add(AuxType::Flags, 0);
  add(AuxType::Entry, plan.entry().get());
  add(AuxType::Uid, 0);    // a single user, root (docs/abi.md)
  add(AuxType::Euid, 0);
  add(AuxType::Gid, 0);
  add(AuxType::Egid, 0);
  add(AuxType::Secure, 0);
  add(AuxType::Hwcap2, 0);
}

// Writes the initial stack into `space` and returns the initial esp.
Result<VirtAddr> write_initial_stack(AddressSpace& space, const ElfPlan& plan, const ExecArgs& args,
                                     StringView execfn) {
  auto* name = static_cast<char*>(TRY(kmalloc(execfn.size() + 1)));  // a path, up to PATH_MAX
  __builtin_memcpy(name, execfn.data(), execfn.size());
  name[execfn.size()] = '\0';

  InitialStackSpec spec;
  spec.stack_top = space.stack_top().get();
  spec.strings = args.strings();
  spec.strings_bytes = args.string_bytes();
  spec.argc = args.argc();
  spec.envc = args.envc();
  spec.execfn = name;
  random::fill(spec.random, sizeof(spec.random));
  add_auxiliary_vector(spec, plan);

  auto size = initial_stack_size(spec);
  auto block = size ? kmalloc(size.value()) : Result<void*>(size.error());
  if (!block) {
    kfree(name);
    return block.error();
  }
  auto* bytes = static_cast<uint8_t*>(block.value());
  auto esp = build_initial_stack(spec, bytes, size.value());
  Result<void> written = esp ? space.reserve_stack(VirtAddr(esp.value()))
                             : Result<void>(esp.error());
  if (written) written = space.copy_out(VirtAddr(esp.value()), bytes, size.value());
  kfree(bytes);
  kfree(name);
  if (!written) return written.error();
  return VirtAddr(esp.value());
}

// Labels a new space (for the vmlog) and writes its initial stack; deletes the space on failure.
Result<Image> finish_image(AddressSpace* space, const ElfPlan& plan, const ExecArgs& args, StringView execfn,
                           int32_t pid, StringView label) {
  char owner[abi::kNameMax];
  size_t n = label.size() < sizeof(owner) - 1 ? label.size() : sizeof(owner) - 1;
  __builtin_memcpy(owner, label.data(), n);
  owner[n] = '\0';
  space->set_owner(pid, owner);  // before the first page (the stack) is touched, for the vmlog
  auto esp = write_initial_stack(*space, plan, args, execfn);
  if (!esp) {
    delete space;
    return esp.error();
  }
  return Image{space, plan.entry(), esp.value()};
}

}  // namespace

Result<Image> build_image(StringView program_name, const ExecArgs& args, StringView execfn, int32_t pid,
                          StringView label) {
  const disk::ProgramEntry* program = programs::find(program_name);
  if (!program) return Error::NotFound;
  ElfPlan plan = TRY(plan_program(*program));
  auto created = AddressSpace::create(*program, plan);
  if (!created) {
    // Page directories and tables are kernel frames the process must hold for its whole life. Running
    // out (NoMemory) is reported by the allocator that refused, once a second however often it happens.
    if (created.error() != Error::NoMemory)
      kprint("exec: cannot create an address space for '{}': {}\n", program->name, created.error());
    return created.error();
  }
  return finish_image(created.value(), plan, args, execfn, pid, label);
}

Result<Image> build_image(mm::ExecutedFile& file, const ElfPlan& plan, const ExecArgs& args, StringView execfn,
                          int32_t pid, StringView label) {
  AddressSpace* space = TRY(AddressSpace::create(file, plan));
  return finish_image(space, plan, args, execfn, pid, label);
}

}  // namespace cw::proc
