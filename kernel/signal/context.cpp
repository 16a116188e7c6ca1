#include "kernel/signal/context.h"

#include "kernel/arch/gdt.h"

namespace cw::signal {

Selectors user_selectors() { return Selectors{gdt::kUserCode, gdt::kUserData}; }

abi::Sigcontext save_context(const TrapFrame& f) {
  abi::Sigcontext c{};
  c.gs = static_cast<uint16_t>(f.gs);
  c.fs = static_cast<uint16_t>(f.fs);
  c.es = static_cast<uint16_t>(f.es);
  c.ds = static_cast<uint16_t>(f.ds);
  c.edi = f.edi;
  c.esi = f.esi;
  c.ebp = f.ebp;
  c.esp = f.user_esp;
  c.ebx = f.ebx;
  c.edx = f.edx;
  c.ecx = f.ecx;
  c.eax = f.eax;
  c.trapno = f.vector;
  c.err = f.error_code;
  c.eip = f.eip;
  c.cs = static_cast<uint16_t>(f.cs);
  c.eflags = f.eflags;
  c.esp_at_signal = f.user_esp;
  c.ss = static_cast<uint16_t>(f.user_ss);
  return c;
}

void load_context(TrapFrame& f, const abi::Sigcontext& c) {
  f.gs = c.gs;
  f.fs = c.fs;
  f.es = c.es;
  f.ds = c.ds;
  f.edi = c.edi;
  f.esi = c.esi;
  f.ebp = c.ebp;
  f.user_esp = c.esp;
  f.ebx = c.ebx;
  f.edx = c.edx;
  f.ecx = c.ecx;
  f.eax = c.eax;
  f.eip = c.eip;
  f.cs = c.cs;
  f.eflags = c.eflags;
  f.user_ss = c.ss;
}

}  // namespace cw::signal
