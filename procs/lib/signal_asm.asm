; Signal support for user programs (procs/lib/signal.h): the sigreturn restorers and setjmp/longjmp.

bits 32
section .text

; sa_restorer for a sigframe: the handler's `ret` lands here with esp at the frame's `sig`; pop it so
; that the kernel finds the frame at esp - 8 (Linux sys_sigreturn).
global cw_sigreturn_restorer
cw_sigreturn_restorer:
    pop eax
    mov eax, 119            ; sigreturn
    int 0x80

; sa_restorer for an rt_sigframe: the frame is at esp - 4.
global cw_rt_sigreturn_restorer
cw_rt_sigreturn_restorer:
    mov eax, 173            ; rt_sigreturn
    int 0x80

; int cw_sigsetjmp(JmpBuf* env, int save_mask): saves ebx, esi, edi, ebp, the caller's esp (after the
; return) and the return address, then with save_mask the signal mask (rt_sigprocmask(SIG_BLOCK, NULL,
; &env->mask, 8)); returns 0. Offsets: procs/lib/signal.h JmpBuf.
global cw_sigsetjmp
cw_sigsetjmp:
    mov edx, [esp + 4]
    mov [edx], ebx
    mov [edx + 4], esi
    mov [edx + 8], edi
    mov [edx + 12], ebp
    lea ecx, [esp + 4]
    mov [edx + 16], ecx
    mov ecx, [esp]
    mov [edx + 20], ecx
    mov ecx, [esp + 8]
    mov [edx + 24], ecx
    test ecx, ecx
    jz .done
    push ebx
    push esi
    mov eax, 175            ; rt_sigprocmask
    xor ebx, ebx            ; SIG_BLOCK with no set: only reads
    xor ecx, ecx
    add edx, 28             ; &env->mask
    mov esi, 8
    int 0x80
    pop esi
    pop ebx
.done:
    xor eax, eax
    ret

; void cw_longjmp(JmpBuf* env, int value): returns `value` (1 if 0) from the cw_sigsetjmp that filled env.
global cw_longjmp
cw_longjmp:
    mov edx, [esp + 4]
    mov eax, [esp + 8]
    test eax, eax
    jnz .nonzero
    inc eax
.nonzero:
    mov ebx, [edx]
    mov esi, [edx + 4]
    mov edi, [edx + 8]
    mov ebp, [edx + 12]
    mov esp, [edx + 16]
    jmp [edx + 20]
