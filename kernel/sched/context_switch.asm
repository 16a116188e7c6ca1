; switch_context(uint32_t* save_esp, uint32_t next_esp)
;
; Saves the callee-saved registers (System V i386 ABI: ebx, esi, edi, ebp) on the current stack, stores
; the stack pointer in *save_esp, loads next_esp and pops the next thread's registers, returning into
; wherever that thread last called switch_context (or into thread_start for a new thread, whose stack
; kernel/sched/scheduler.cpp prepares to look the same). Called with interrupts disabled.

section .text
bits 32

global switch_context
switch_context:
    mov eax, [esp + 4]
    mov edx, [esp + 8]
    push ebp
    push ebx
    push esi
    push edi
    mov [eax], esp
    mov esp, edx
    pop edi
    pop esi
    pop ebx
    pop ebp
    ret

; enter_trap_frame(TrapFrame* frame): leaves the kernel through the common trap exit with the given frame
; (kernel/arch/isr.asm), e.g. to start a user thread in ring 3. Never returns.
extern trap_return
global enter_trap_frame
enter_trap_frame:
    mov esp, [esp + 4]
    jmp trap_return

section .note.GNU-stack noalloc noexec nowrite progbits
