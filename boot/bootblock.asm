; Clockwork MBR bootblock.
;
; Loaded by the BIOS at 0000:7C00 with DL = boot drive. Keeps the partition table createimage writes at
; 0x1BE (this file leaves it zero), so the same image boots from a hard disk or from a USB stick under the
; BIOS's hard-disk emulation. Steps:
;   1. check int 13h extensions (EDD 3.0, "INT 13h AH=41h") so every read is by LBA, never CHS;
;   2. read the system partition's superblock (partition 1, lib/disk_format.h) to 0000:7E00, check magic;
;   3. read the flat kernel into the bounce buffer 0800:0000 in 32 KiB chunks (AH=42h);
;   4. collect the E820 memory map at 0000:1000 (ACPI 6.4 section 15.1);
;   5. fill BootInfo at 0000:0600, enable A20, load a flat GDT, enter protected mode
;      (Intel SDM Vol 3A 9.9.1 "Switching to Protected Mode");
;   6. copy the kernel from the bounce buffer to its physical load address and jump to its entry with
;      eax = kBootMagic, ebx = &BootInfo.
; Any failure prints "Clockwork boot: <reason>" on the screen, COM1 and port 0xE9, then halts.
;
; Offsets below mirror lib/disk_format.h (checked there with static_asserts).

bits 16
org 0x7C00

SUPERBLOCK      equ 0x7E00
SB_MAGIC        equ 0x4B574C43
SB_KERNEL_START equ SUPERBLOCK + 8
SB_KERNEL_SECT  equ SUPERBLOCK + 12
SB_KERNEL_ENTRY equ SUPERBLOCK + 16
SB_KERNEL_LOAD  equ SUPERBLOCK + 20
KERNEL_MAX_SECT equ 1088            ; kKernelMaxSectors: 0x8000..0x90000, right after the superblock
BOUNCE_SEG      equ 0x0800          ; kKernelBounce >> 4
CHUNK_SECTORS   equ 64              ; 32 KiB per BIOS call: within every BIOS's 127-sector limit
BOOT_INFO       equ 0x0600
E820_BUF        equ 0x1000
E820_MAX        equ 64
BOOT_MAGIC      equ 0x2BADC10C
PART1_LBA       equ 0x7C00 + 0x1BE + 8

    jmp short start

; Reads dap_count sectors from dap_lba to dap_seg:dap_off; three tries with a reset between.
read_disk:
    pushad
    mov di, 3
.try:
    mov si, dap
    mov dl, [BOOT_INFO + 0]
    mov ah, 0x42
    int 0x13
    jnc .ok
    xor ah, ah                      ; reset the drive and try again
    int 0x13
    dec di
    jnz .try
    mov si, msg_read
    jmp fail
.ok:
    popad
    ret

err_noext:
    mov si, msg_noext
    jmp fail
err_super:
    mov si, msg_super
fail:
    push si
    mov si, msg_prefix
    call puts
    pop si
    call puts
.halt:
    cli
    hlt
    jmp .halt

; Prints the NUL-terminated string at ds:si on the screen (int 10h teletype), COM1 and port 0xE9.
puts:
    lodsb
    test al, al
    jz .done
    mov dx, 0x3F8
    out dx, al
    out 0xE9, al
    mov ah, 0x0E
    xor bx, bx                      ; page 0
    int 0x10
    jmp puts
.done:
    ret

start:
    cli
    xor ax, ax
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov sp, 0x7C00
    sti                             ; CS may be 07C0 or 0000: only relative jumps and DS-based data
    cld                             ; are used until the far jump into protected mode
    mov [BOOT_INFO + 0], dl         ; BootInfo.boot_drive

    mov ah, 0x41                    ; EDD installation check
    mov bx, 0x55AA
    int 0x13
    jc err_noext
    cmp bx, 0xAA55
    jne err_noext
    test cl, 1                      ; bit 0: extended disk access (AH=42h) supported
    jz err_noext

    mov eax, [PART1_LBA]
    mov [BOOT_INFO + 4], eax        ; BootInfo.partition_lba
    mov [dap_lba], eax              ; the packet starts out as "1 sector to 0000:7E00"
    call read_disk
    cmp dword [SUPERBLOCK], SB_MAGIC
    jne err_super

    mov bp, [SB_KERNEL_SECT]        ; only the low 16 bits are used, here and for the copy below
    dec bp
    cmp bp, KERNEL_MAX_SECT - 1     ; 1 .. KERNEL_MAX_SECT sectors
    ja err_super
    inc bp
    add eax, [SB_KERNEL_START]      ; eax still holds the partition LBA (read_disk keeps registers)
    mov [dap_lba], eax
    mov dword [dap_off], BOUNCE_SEG << 16   ; offset 0, segment BOUNCE_SEG
.next_chunk:
    mov ax, CHUNK_SECTORS
    cmp bp, ax
    jae .full
    mov ax, bp
.full:
    mov [dap_count], ax
    call read_disk
    sub bp, ax
    movzx eax, ax
    add [dap_lba], eax
    shl ax, 5                       ; sectors * 512 / 16 = paragraphs
    add [dap_seg], ax
    test bp, bp
    jnz .next_chunk

    xor ebx, ebx                    ; E820 continuation value
    xor ecx, ecx
    mov di, E820_BUF
    xor bp, bp                      ; entries stored
.e820_next:
    mov eax, 0xE820
    mov edx, 0x534D4150             ; 'SMAP'
    mov cl, 24                      ; the BIOS leaves 20 or 24 in ecx, so its upper bits stay zero
    int 0x15
    jc .e820_done                   ; carry: unsupported, or past the last entry
    cmp eax, 0x534D4150
    jne .e820_done
    inc bp
    add di, 24
    test ebx, ebx
    jz .e820_done
    cmp bp, E820_MAX
    jb .e820_next
.e820_done:
    mov [BOOT_INFO + 2], bp         ; BootInfo.e820_count

    mov ax, 0x2401                  ; A20 through the BIOS, then the "fast A20" port as well
    int 0x15
    in al, 0x92
    or al, 2
    and al, 0xFE                    ; bit 0 would reset the machine
    out 0x92, al

    cli
    lgdt [gdt_desc]
    mov eax, cr0
    or al, 1                        ; CR0.PE
    mov cr0, eax
    jmp 0x08:protected

bits 32
protected:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax                      ; no stack use until the kernel sets its own
    mov esi, BOUNCE_SEG << 4
    mov edi, [SB_KERNEL_LOAD]
    movzx ecx, word [SB_KERNEL_SECT]
    shl ecx, 7                      ; 128 dwords per sector
    rep movsd
    mov eax, BOOT_MAGIC
    mov ebx, BOOT_INFO
    jmp [SB_KERNEL_ENTRY]

msg_prefix: db "Clockwork: ", 0
msg_noext:  db "no EDD", 13, 10, 0
msg_read:   db "read error", 13, 10, 0
msg_super:  db "bad image", 13, 10, 0

dap:                                ; EDD disk address packet
    db 16, 0
dap_count: dw 1
dap_off:   dw SUPERBLOCK
dap_seg:   dw 0
dap_lba:   dd 0, 0

gdt:                                ; flat 4 GiB code and data (Intel SDM Vol 3A 3.4.5)
gdt_desc:                           ; the unused null descriptor holds the GDTR image
    dw gdt_end - gdt - 1
    dd gdt
    dw 0
    dq 0x00CF9A000000FFFF           ; 0x08: code, base 0, limit 4 GiB, 32-bit, ring 0
    dq 0x00CF92000000FFFF           ; 0x10: data
gdt_end:

%if ($ - $$) > 440
%error "bootblock code overflows into the disk signature and partition table"
%endif
    times 510 - ($ - $$) db 0
    dw 0xAA55
