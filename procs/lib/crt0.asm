; _start: the entry point of every Clockwork user program (ELF e_entry).
;
; The kernel starts a process here with the Linux i386 initial stack (docs/abi.md):
;     [esp]          argc
;     [esp + 4]      argv[0] ... argv[argc - 1], then NULL
;     after that     envp (empty: just NULL), then the auxv terminator AT_NULL (0, 0)
; and the argument strings above all that. No register holds anything useful.
;
; _start runs the global constructors (.init_array, bounded by symbols from procs/user.ld), calls
; main(argc, argv, envp) (envp is also stored in `environ`, procs/lib/environment.h) and passes its
; return value to exit(), which flushes the print buffers and runs the atexit handlers. It never returns: there is nothing to return to.

bits 32

extern main
extern environ
extern exit
extern __init_array_start
extern __init_array_end

section .text
global _start
_start:
    xor ebp, ebp                    ; outermost frame: stops debugger back-traces here
    mov esi, [esp]                  ; argc
    lea edi, [esp + 4]              ; argv
    and esp, -16                    ; the i386 psABI wants 16-byte alignment at each call

    ; Global constructors, in .init_array order. esi, edi and ebx are callee-saved, so they survive.
    mov ebx, __init_array_start
.next_constructor:
    cmp ebx, __init_array_end
    jae .call_main
    call [ebx]
    add ebx, 4
    jmp .next_constructor

.call_main:
    lea eax, [edi + esi * 4 + 4]    ; envp: after argv's NULL (Linux i386 initial stack)
    mov [environ], eax
    sub esp, 4                      ; 4 + three 4-byte arguments keeps the call 16-byte aligned
    push eax
    push edi
    push esi
    call main
    add esp, 16

    sub esp, 12
    push eax
    call exit                       ; does not return
    ud2                             ; if it ever did, die loudly (SIGILL) rather than run off the end

section .note.GNU-stack noalloc noexec nowrite progbits
