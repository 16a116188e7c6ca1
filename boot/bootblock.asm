; Clockwork MBR bootblock (stage 1).
;
; Loaded by the BIOS at 0000:7C00 with DL = boot drive. Keeps the partition table createimage writes at
; 0x1BE (this file leaves it zero), so the same image boots from a hard disk or from a USB stick under the
; BIOS's hard-disk emulation. 440 bytes cannot hold the superblock validation with messages that name the
; bad field, so this code only:
;   1. checks int 13h extensions (EDD 3.0, "INT 13h AH=41h") so every read is by LBA, never CHS;
;   2. reads stage 2 (boot/stage2.asm, STAGE2_SECTORS sectors from LBA STAGE2_LBA, in the gap before
;      partition 1) to 0000:8000 and checks its first dword;
;   3. jumps to it with BootInfo.boot_drive filled in and this sector (with the partition table) still at
;      0000:7C00.
; Any failure prints "Clockwork boot: <reason>" on the screen, COM1 and port 0xE9, then halts.
;
; Constants mirror lib/disk_format.h (tests/integration/test_harness.py compares them).

bits 16
org 0x7C00

BOOT_INFO       equ 0x0600          ; kBootInfoAddress
STAGE2          equ 0x8000          ; kStage2Address
STAGE2_LBA      equ 1               ; kStage2Lba
STAGE2_SECTORS  equ 8               ; kStage2Sectors
STAGE2_MAGIC    equ 0x32535743      ; kStage2Magic, "CWS2"

start:
    cli
    xor ax, ax
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov sp, 0x7C00
    sti                             ; CS may be 07C0 or 0000: only relative jumps and DS-based data
    cld                             ; are used until the far jump to stage 2
    mov [BOOT_INFO + 0], dl         ; BootInfo.boot_drive

    mov si, msg_noext
    mov ah, 0x41                    ; EDD installation check
    mov bx, 0x55AA
    int 0x13
    jc fail
    cmp bx, 0xAA55
    jne fail
    test cl, 1                      ; bit 0: extended disk access (AH=42h) supported
    jz fail

    mov di, 3                       ; three tries with a drive reset between
.try:
    mov si, dap
    mov dl, [BOOT_INFO + 0]
    mov ah, 0x42
    int 0x13
    jnc .read
    xor ah, ah
    int 0x13
    dec di
    jnz .try
    mov si, msg_read
    jmp fail
.read:
    mov si, msg_stage2
    cmp dword [STAGE2], STAGE2_MAGIC
    jne fail
    jmp 0:STAGE2 + 4                ; CS = 0 from here on

; Prints "Clockwork boot: " and the NUL-terminated string at ds:si on the screen (int 10h teletype),
; COM1 and port 0xE9, then halts.
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

msg_prefix: db "Clockwork boot: ", 0
msg_noext:  db "no EDD", 13, 10, 0
msg_read:   db "read error", 13, 10, 0
msg_stage2: db "no stage 2", 13, 10, 0

dap:                                ; EDD disk address packet
    db 16, 0
    dw STAGE2_SECTORS
    dw STAGE2, 0                    ; offset, segment
    dd STAGE2_LBA, 0

%if ($ - $$) > 440
%error "bootblock code overflows into the disk signature and partition table"
%endif
    times 510 - ($ - $$) db 0
    dw 0xAA55
