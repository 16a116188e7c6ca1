; Clockwork bootblock, stage 2.
;
; Loaded by stage 1 (boot/bootblock.asm) from LBA 1 to 0000:8000 and entered at 0000:8004 in real mode,
; with BootInfo.boot_drive filled in and the MBR (its partition table) still at 0000:7C00. It trusts
; nothing on the disk:
;   1. reads the system partition's superblock (partition 1, lib/disk_format.h) to 0000:7E00 and checks
;      every field, in the order and by the names of lib/superblock_check.cpp, plus partition_sectors
;      against the MBR's partition entry;
;   2. reads the flat kernel in 32 KiB chunks into the bounce buffer 1000:0000 (AH=42h), adds each chunk
;      to the CRC-32 (lib/crc32.h) and copies it to its place above 1 MiB with the BIOS's extended-memory
;      move (INT 15h AH=87h), so the kernel's size is not bounded by conventional memory; after the last
;      chunk the CRC must equal kernel_checksum (a mismatch is read again: LOAD_ATTEMPTS reads in all);
;   3. collects the E820 memory map at 0000:1000 (ACPI 6.4 section 15.1);
;   4. fills BootInfo at 0000:0600, enables A20, loads a flat GDT, enters protected mode
;      (Intel SDM Vol 3A 9.9.1 "Switching to Protected Mode");
;   5. jumps to the kernel's entry with eax = kBootMagic, ebx = &BootInfo.
; Any failure prints one line "Clockwork boot: <reason>" on the screen, COM1 (initialised to 8N1 first,
; which Bochs needs) and port 0xE9, then halts. A bad field is named as in struct Superblock.
;
; Constants and offsets below mirror lib/disk_format.h (tests/integration/test_harness.py compares them).

bits 16
org 0x8000

STAGE2_MAGIC    equ 0x32535743      ; kStage2Magic: stage 1 checks this first dword
STAGE2_SECTORS  equ 8               ; kStage2Sectors
LOAD_ATTEMPTS   equ 3               ; reads of the kernel before a checksum mismatch is final
MBR_PART1_LBA   equ 0x7C00 + 0x1BE + 8   ; MbrPartitionEntry::lba_first of entry 0
MBR_PART1_SECT  equ 0x7C00 + 0x1BE + 12  ; MbrPartitionEntry::sector_count
SUPERBLOCK      equ 0x7E00          ; kSuperblockAddress
SB_MAGIC        equ 0x4B574C43      ; kSuperblockMagic
SB_VERSION      equ 2               ; kFormatVersion
SB_SIZE         equ 512             ; sizeof(Superblock)
SB_KERNEL_START equ SUPERBLOCK + 8
SB_KERNEL_SECT  equ SUPERBLOCK + 12
SB_KERNEL_ENTRY equ SUPERBLOCK + 16
SB_KERNEL_LOAD  equ SUPERBLOCK + 20
SB_KERNEL_MEMSZ equ SUPERBLOCK + 24
SB_PROGDIR_START equ SUPERBLOCK + 28
SB_PROGDIR_COUNT equ SUPERBLOCK + 32
SB_PART_SECT    equ SUPERBLOCK + 36
SB_CHECKSUM     equ SUPERBLOCK + 40
SB_RESERVED     equ SUPERBLOCK + 44 ; 7 dwords, zero
SB_CMDLINE      equ SUPERBLOCK + 72 ; kCmdlineMax bytes, NUL-terminated
CMDLINE_MAX     equ 256
KERNEL_LOAD     equ 0x00100000      ; kKernelLoadAddress
KERNEL_MAX_SECT equ 8192            ; kKernelMaxSectors: 4 MiB
KERNEL_MEM_END  equ 0x04000000      ; kKernelMemoryEnd
MAX_PROGRAMS    equ 256             ; kMaxPrograms
ENTRIES_PER_SECTOR_SHIFT equ 4      ; kProgramEntriesPerSector = 16
BOUNCE_SEG      equ 0x1000          ; kKernelBounce >> 4: one chunk, 32 KiB
CHUNK_SECTORS   equ 64              ; 32 KiB per BIOS call: within every BIOS's 127-sector limit
CRC_POLY        equ 0xEDB88320      ; CRC-32, reflected (lib/crc32.h)
BOOT_INFO       equ 0x0600
E820_BUF        equ 0x1000
E820_MAX        equ 64
BOOT_MAGIC      equ 0x2BADC10C
COM1            equ 0x3F8

    dd STAGE2_MAGIC

stage2:
    mov eax, [MBR_PART1_LBA]
    mov [BOOT_INFO + 4], eax        ; BootInfo.partition_lba
    mov [dap_lba], eax              ; the packet starts out as "1 sector to 0000:7E00"
    call read_disk

    ; --- The superblock, field by field (lib/superblock_check.cpp superblock_bad_field) ---------------
    mov si, f_magic
    cmp dword [SUPERBLOCK], SB_MAGIC
    jne bad_field
    mov si, f_version
    cmp word [SUPERBLOCK + 4], SB_VERSION
    jne bad_field
    mov si, f_superblock_size
    cmp word [SUPERBLOCK + 6], SB_SIZE
    jne bad_field
    mov si, f_partition_sectors     ; eax = partition_sectors: 2 .. the MBR entry's size
    mov eax, [SB_PART_SECT]
    cmp eax, 2
    jb bad_field
    cmp eax, [MBR_PART1_SECT]
    ja bad_field
    mov si, f_kernel_sectors        ; ecx = kernel_sectors: 1 .. KERNEL_MAX_SECT
    mov ecx, [SB_KERNEL_SECT]
    dec ecx
    cmp ecx, KERNEL_MAX_SECT - 1
    ja bad_field
    inc ecx
    mov si, f_kernel_start          ; nonzero, page aligned, kernel_start + kernel_sectors <= partition
    mov ebx, [SB_KERNEL_START]
    test ebx, ebx
    jz bad_field
    test bl, 7
    jnz bad_field
    add ebx, ecx
    jc bad_field
    cmp ebx, eax
    ja bad_field
    mov si, f_kernel_load
    cmp dword [SB_KERNEL_LOAD], KERNEL_LOAD
    jne bad_field
    shl ecx, 9                      ; ecx = kernel bytes
    mov si, f_kernel_entry          ; kernel_load <= entry < kernel_load + kernel bytes
    mov edx, [SB_KERNEL_ENTRY]
    sub edx, KERNEL_LOAD
    jb bad_field
    cmp edx, ecx
    jae bad_field
    mov si, f_kernel_memsz          ; kernel bytes - 512 < memsz <= KERNEL_MEM_END - kernel_load
    lea ebx, [ecx - 512]
    mov edx, [SB_KERNEL_MEMSZ]
    cmp edx, ebx
    jbe bad_field
    cmp edx, KERNEL_MEM_END - KERNEL_LOAD
    ja bad_field
    mov si, f_progdir_count
    mov edx, [SB_PROGDIR_COUNT]
    cmp edx, MAX_PROGRAMS
    ja bad_field
    mov si, f_progdir_start         ; nonzero, directory inside the partition
    add edx, (1 << ENTRIES_PER_SECTOR_SHIFT) - 1
    shr edx, ENTRIES_PER_SECTOR_SHIFT
    mov ebx, [SB_PROGDIR_START]
    test ebx, ebx
    jz bad_field
    add ebx, edx
    jc bad_field
    cmp ebx, eax
    ja bad_field
    mov si, f_reserved
    mov di, SB_RESERVED
    mov cx, 7
    xor eax, eax
    repe scasd
    jne bad_field
    mov si, f_cmdline
    mov di, SB_CMDLINE
    mov cx, CMDLINE_MAX
    repne scasb                     ; al = 0
    jne bad_field

    ; --- The kernel, chunk by chunk: read, CRC-32, copy above 1 MiB ----------------------------------
    ; A mismatch is read again from the start, LOAD_ATTEMPTS times in all, before stage 2 gives up: a
    ; firmware driver may return a bad sector once (SeaBIOS's UHCI driver does under host load), a byte
    ; wrong on the disk stays wrong every time.
.load_kernel:
    mov bp, [SB_KERNEL_SECT]        ; sectors left: 1 .. KERNEL_MAX_SECT, checked above
    mov eax, [BOOT_INFO + 4]
    add eax, [SB_KERNEL_START]
    mov [dap_lba], eax
    mov dword [dap_off], BOUNCE_SEG << 16   ; offset 0, segment BOUNCE_SEG
    mov eax, [SB_KERNEL_LOAD]
    mov [move_dest], eax            ; where the next chunk goes
    mov edx, 0xFFFFFFFF             ; the CRC state, kept across chunks
.next_chunk:
    mov cx, CHUNK_SECTORS
    cmp bp, cx
    jae .full
    mov cx, bp
.full:
    mov [dap_count], cx
    call read_disk
    sub bp, cx
    movzx eax, cx
    add [dap_lba], eax
    shl cx, 9                       ; bytes: at most 32 KiB
    push cx
    xor si, si
    mov ax, BOUNCE_SEG
    mov fs, ax
.crc_byte:
    xor dl, [fs:si]
    mov bl, 8
.crc_bit:
    shr edx, 1
    jnc .crc_next
    xor edx, CRC_POLY
.crc_next:
    dec bl
    jnz .crc_bit
    inc si
    loop .crc_byte
    pop cx
    call move_up                    ; cx bytes from the bounce buffer to move_dest, which advances
    test bp, bp
    jnz .next_chunk
    not edx
    cmp edx, [SB_CHECKSUM]
    je .loaded
    mov si, msg_checksum
    dec byte [load_attempts_left]
    jz fail
    mov si, msg_reread              ; not a "Clockwork boot: " line: those end the boot
    call puts_line
    jmp .load_kernel
.loaded:

    ; --- E820, BootInfo, A20, protected mode --------------------------------------------------------
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

; Reads dap_count sectors from dap_lba to dap_seg:dap_off; three tries with a reset between. Keeps
; every register.
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

; Copies cx bytes (even, at most 32 KiB) from the bounce buffer to physical move_dest and advances
; move_dest, through the BIOS's "move extended memory block" (INT 15h AH=87h: a GDT of six descriptors
; at es:si, of which the BIOS uses 2 and 3 as source and destination; cx = words; it handles A20 itself).
; Keeps every register but the flags.
move_up:
    pushad
    mov eax, [move_dest]
    mov [move_dst_base_lo], ax
    shr eax, 16
    mov [move_dst_base_mid], al
    mov [move_dst_base_hi], ah
    movzx eax, cx
    add [move_dest], eax
    shr cx, 1                       ; words
    mov si, move_gdt                ; es = 0 since the start
    mov ah, 0x87
    int 0x15
    jc .failed
    test ah, ah
    jnz .failed
    popad
    ret
.failed:
    mov si, msg_move
    jmp fail

; si = the name of a bad superblock field.
bad_field:
    push si
    mov si, msg_field
    call puts_prefixed
    pop si
    call puts
    mov si, msg_newline
    call puts
    jmp halt

; si = a whole message.
fail:
    call puts_prefixed
halt:
    cli
    hlt
    jmp halt

; "Clockwork boot: " and the string at si, after puts_line's COM1 set-up.
puts_prefixed:
    push si
    mov si, msg_prefix
    call puts_line
    pop si
    jmp puts

; COM1 to 115200 8N1 (16550: LCR 0x3FB with DLAB for the divisor, then 8 data bits, 1 stop, no parity),
; then the string at si.
puts_line:
    push si
    mov dx, COM1 + 3
    mov al, 0x80
    out dx, al
    mov dx, COM1
    mov al, 1
    out dx, al
    inc dx
    xor al, al
    out dx, al
    mov dx, COM1 + 3
    mov al, 0x03
    out dx, al
    pop si
; Prints the NUL-terminated string at ds:si on the screen (int 10h teletype), COM1 and port 0xE9.
puts:
    lodsb
    test al, al
    jz .done
    mov ah, al
    mov dx, COM1 + 5                ; LSR bit 5: transmit holding register empty (no UART reads 0xFF)
.wait:
    in al, dx
    test al, 0x20
    jz .wait
    mov al, ah
    mov dx, COM1
    out dx, al
    out 0xE9, al
    mov ah, 0x0E
    xor bx, bx                      ; page 0
    int 0x10
    jmp puts
.done:
    ret

bits 32
protected:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax                      ; no stack use until the kernel sets its own
    mov eax, BOOT_MAGIC
    mov ebx, BOOT_INFO
    jmp [SB_KERNEL_ENTRY]

msg_prefix:     db "Clockwork boot: ", 0
msg_read:       db "read error", 13, 10, 0
msg_checksum:   db "kernel image does not match kernel_checksum", 13, 10, 0
msg_reread:     db "Clockwork stage 2: kernel image does not match kernel_checksum; reading it again", 13, 10, 0
load_attempts_left: db LOAD_ATTEMPTS
msg_move:       db "cannot copy the kernel above 1 MiB (INT 15h AH=87h)", 13, 10, 0
msg_field:      db "bad superblock field ", 0
msg_newline:    db 13, 10, 0
f_magic:             db "magic", 0
f_version:           db "version", 0
f_superblock_size:   db "superblock_size", 0
f_partition_sectors: db "partition_sectors", 0
f_kernel_sectors:    db "kernel_sectors", 0
f_kernel_start:      db "kernel_start", 0
f_kernel_load:       db "kernel_load", 0
f_kernel_entry:      db "kernel_entry", 0
f_kernel_memsz:      db "kernel_memsz", 0
f_progdir_count:     db "progdir_count", 0
f_progdir_start:     db "progdir_start", 0
f_reserved:          db "reserved", 0
f_cmdline:           db "cmdline", 0

dap:                                ; EDD disk address packet
    db 16, 0
dap_count: dw 1
dap_off:   dw SUPERBLOCK
dap_seg:   dw 0
dap_lba:   dd 0, 0

move_dest: dd 0                     ; move_up's next destination

align 8
move_gdt:                           ; INT 15h AH=87h (IBM PC AT BIOS technical reference): null, the GDT
    dq 0, 0                         ; itself and, filled in by the BIOS, its CS and SS (4, 5)
    dw 0xFFFF                       ; 2: source, the bounce buffer: limit 64 KiB, base BOUNCE_SEG << 4,
    dw (BOUNCE_SEG << 4) & 0xFFFF   ;    present writable data (0x93)
    db (BOUNCE_SEG << 4) >> 16, 0x93, 0, 0
    dw 0xFFFF                       ; 3: destination: base patched by move_up
move_dst_base_lo:  dw 0
move_dst_base_mid: db 0
    db 0x93, 0
move_dst_base_hi:  db 0
    dq 0, 0

align 8
gdt:                                ; flat 4 GiB code and data (Intel SDM Vol 3A 3.4.5)
gdt_desc:                           ; the unused null descriptor holds the GDTR image
    dw gdt_end - gdt - 1
    dd gdt
    dw 0
    dq 0x00CF9A000000FFFF           ; 0x08: code, base 0, limit 4 GiB, 32-bit, ring 0
    dq 0x00CF92000000FFFF           ; 0x10: data
gdt_end:

%if ($ - $$) > STAGE2_SECTORS * 512
%error "stage 2 is larger than the STAGE2_SECTORS sectors stage 1 loads"
%endif
    times STAGE2_SECTORS * 512 - ($ - $$) db 0
