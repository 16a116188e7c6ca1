; Kernel entry: the bootblock jumps here in 32-bit protected mode with paging off.
;
; The kernel is linked at KERNEL_VIRTUAL_BASE + physical address (kernel/linker.ld), so until paging is on
; every absolute address must be written (symbol - KERNEL_VIRTUAL_BASE). This code:
;   1. checks the boot magic (eax); ebx (the BootInfo pointer) is left untouched until the call;
;   2. zeroes .bss;
;   3. fills boot_page_directory with 4 MiB pages (CR4.PSE, Intel SDM Vol 3A 4.3 and table 4-4) mapping the
;      first BOOT_MAP_MB of physical memory twice: at 0 (so the instruction after enabling paging is
;      still mapped) and at KERNEL_VIRTUAL_BASE;
;   4. enables paging with CR0.WP (so ring 0 honours read-only pages), jumps to the higher half, switches
;      to the boot stack and calls kernel_main(boot_info_physical). kernel_main replaces this directory with
;      one that has no identity mapping.

KERNEL_VIRTUAL_BASE equ 0xC0000000
BOOT_MAGIC          equ 0x2BADC10C
BOOT_MAP_MB         equ 64
PDE_PRESENT         equ 1 << 0
PDE_WRITABLE        equ 1 << 1
PDE_LARGE           equ 1 << 7
CR0_WP              equ 1 << 16
CR0_PG              equ 1 << 31
CR4_PSE             equ 1 << 4

extern kernel_main
extern __bss_start
extern __bss_end

section .boot.text progbits alloc exec nowrite align=16
bits 32
global _start
_start:
    cli
    cmp eax, BOOT_MAGIC
    jne bad_magic
    cld
    mov edi, __bss_start - KERNEL_VIRTUAL_BASE
    mov ecx, __bss_end - KERNEL_VIRTUAL_BASE
    sub ecx, edi
    xor eax, eax
    rep stosb

    mov edi, boot_page_directory - KERNEL_VIRTUAL_BASE
    mov eax, PDE_PRESENT | PDE_WRITABLE | PDE_LARGE
    mov ecx, BOOT_MAP_MB / 4
.map:
    mov [edi], eax                              ; identity
    mov [edi + (KERNEL_VIRTUAL_BASE >> 22) * 4], eax  ; higher half
    add eax, 0x400000
    add edi, 4
    loop .map

    mov eax, cr4
    or eax, CR4_PSE
    mov cr4, eax
    mov eax, boot_page_directory - KERNEL_VIRTUAL_BASE
    mov cr3, eax
    mov eax, cr0
    or eax, CR0_PG | CR0_WP
    mov cr0, eax
    mov eax, higher_half
    jmp eax

bad_magic:
    ; Not started by our bootblock: say so on port 0xE9 and COM1, then stop.
    mov esi, bad_magic_msg - KERNEL_VIRTUAL_BASE
.next:
    lodsb
    test al, al
    jz .stop
    out 0xE9, al
    mov dx, 0x3F8
    out dx, al
    jmp .next
.stop:
    cli
    hlt
    jmp .stop

bad_magic_msg: db "Clockwork: kernel entered without the boot magic", 13, 10, 0

section .text
higher_half:
    mov esp, boot_stack_top
    xor ebp, ebp                                ; ends stack traces
    push ebx                                    ; kernel_main(uint32_t boot_info_physical)
    call kernel_main
.hang:                                          ; kernel_main never returns
    cli
    hlt
    jmp .hang

section .bss
align 4096
global boot_page_directory
boot_page_directory:
    resb 4096
boot_stack:                                     ; the boot thread's stack until threads exist
    resb 16384
global boot_stack_top
boot_stack_top:

section .note.GNU-stack noalloc noexec nowrite progbits
