; cw_raw_syscall6(number, a1, a2, a3, a4, a5, a6): the six-argument system call (docs/abi.md).
;
; C calling convention (cdecl): arguments on the stack, result in eax; ebx, esi, edi and ebp are
; callee-saved, so they are saved here because the kernel call needs them as argument registers.
; The sixth argument goes in ebp, which C++ code cannot name in an inline-asm constraint while it is
; the frame pointer.

bits 32
section .text

global cw_raw_syscall6
cw_raw_syscall6:
    push ebp
    push ebx
    push esi
    push edi
    ; 4 saved registers + return address = 20 bytes above the first argument.
    mov eax, [esp + 20]     ; number
    mov ebx, [esp + 24]     ; a1
    mov ecx, [esp + 28]     ; a2
    mov edx, [esp + 32]     ; a3
    mov esi, [esp + 36]     ; a4
    mov edi, [esp + 40]     ; a5
    mov ebp, [esp + 44]     ; a6
    int 0x80
    pop edi
    pop esi
    pop ebx
    pop ebp
    ret

; No executable stack wanted: tells the linker this object does not need one.
section .note.GNU-stack noalloc noexec nowrite progbits
