; Interrupt entry stubs (Intel SDM Vol 3A 6.12). Every vector gets a stub that makes the stack look the
; same (a TrapFrame, kernel/arch/trap_frame.h): vectors without a CPU error code push a zero in its place.
; The common path saves the segment and general registers, switches to kernel data segments and calls
; trap_dispatch(TrapFrame*). On return it restores everything and irets, which is also how a new thread
; first enters user mode (kernel/arch/trap_frame.h documents the layout such a frame must have).

extern trap_dispatch

KERNEL_DATA equ 0x10

section .text
bits 32

%macro STUB_NO_ERROR 1
isr_stub_%1:
    push dword 0
    push dword %1
    jmp trap_common
%endmacro

%macro STUB_WITH_ERROR 1
isr_stub_%1:
    push dword %1
    jmp trap_common
%endmacro

; Vectors 8, 10-14, 17, 21 push an error code (Intel SDM Vol 3A table 6-1).
%assign v 0
%rep 256
%if v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21
    STUB_WITH_ERROR v
%else
    STUB_NO_ERROR v
%endif
%assign v v + 1
%endrep

trap_common:
    pushad
    push ds
    push es
    push fs
    push gs
    mov ax, KERNEL_DATA
    mov ds, ax
    mov es, ax
    mov fs, ax
    mov gs, ax
    cld                                 ; the C++ ABI requires DF clear on function entry
    push esp                            ; TrapFrame*
    call trap_dispatch
    add esp, 4
global trap_return
trap_return:
    pop gs
    pop fs
    pop es
    pop ds
    popad
    add esp, 8                          ; vector and error code
    iretd

section .rodata
align 4
global isr_stub_table
isr_stub_table:
%assign v 0
%rep 256
    dd isr_stub_ %+ v
%assign v v + 1
%endrep

section .note.GNU-stack noalloc noexec nowrite progbits
