/*
 * Minimal bare-metal aarch64 guest for QEMU's `virt` machine.
 *
 * It prints one line on the PL011 UART and then powers the machine off via
 * PSCI SYSTEM_OFF, so `qemu-system-aarch64 ... -kernel qemu-aarch64` exits
 * with status 0 on its own.  Used only as a test fixture for axvisor-image.
 *
 * Load address: the file starts with an arm64 Linux "Image" header (see
 * Documentation/arch/arm64/booting.rst).  QEMU recognises the "ARM\x64"
 * magic and loads the file like a Linux kernel: at a 2 MiB-aligned base
 * plus text_offset (with text_offset = 0 and image_size != 0 that is
 * RAM base 0x40000000 + 2 MiB = 0x40200000 on `virt`, independent of -m).
 * Without the header QEMU 7.2 falls back to RAM base + 0x80000
 * (0x40080000); the header pins the placement down explicitly.  On top of
 * that, the code is position independent (only PC-relative `adr` and
 * absolute MMIO constants), so it runs correctly wherever it is loaded;
 * the link address is cosmetic.
 *
 * No stack, no MMU, no exception vectors: nothing here needs them.
 */

        .equ    UART_BASE,      0x09000000      /* PL011 on QEMU virt (fixed) */
        .equ    UART_DR,        0x00            /* data register */
        .equ    UART_FR,        0x18            /* flag register */
        .equ    UART_FR_TXFF,   (1 << 5)        /* TX FIFO full */
        .equ    PSCI_SYSTEM_OFF, 0x84000008     /* PSCI 0.2+ SYSTEM_OFF (SMC32) */

        /*
         * Everything lives in one section so `_end - _head` below is an
         * assembly-time constant and link.ld only has to put .text first.
         */
        .text
        .globl  _head
_head:
        /* --- arm64 Image header (64 bytes) ---------------------------- */
        b       _start                  /* code0: branch over the header */
        .long   0                       /* code1 */
        .quad   0                       /* text_offset from 2 MiB-aligned base */
        .quad   _end - _head            /* image_size: must be != 0 or QEMU
                                           ignores text_offset */
        .quad   0                       /* flags: LE, page size unspecified */
        .quad   0                       /* res2 */
        .quad   0                       /* res3 */
        .quad   0                       /* res4 */
        .ascii  "ARM\x64"               /* magic, at offset 0x38 */
        .long   0                       /* res5 (PE/COFF offset, unused) */

        .globl  _start
_start:
        /* QEMU's boot stub enters here with x0 = DTB address; not needed. */
        msr     daifset, #0xf           /* mask interrupts: no vectors set up */

        adr     x1, message             /* PC-relative: works at any address */
        mov     x2, #UART_BASE
1:      ldrb    w3, [x1], #1
        cbz     w3, 3f
2:      ldr     w4, [x2, #UART_FR]      /* wait while TX FIFO is full (QEMU's */
        tst     w4, #UART_FR_TXFF       /* PL011 never is, real HW could be) */
        b.ne    2b
        strb    w3, [x2, #UART_DR]      /* QEMU's PL011 needs no init */
        b       1b

3:      /*
         * PSCI conduit: QEMU virt (no EL3 firmware) implements PSCI itself.
         * Default (virtualization=off): guest boots at EL1, conduit is HVC.
         * With virtualization=on: guest boots at EL2, conduit is SMC (an
         * HVC at EL2 would just trap to ourselves).  The /psci node in the
         * DTB says the same; checking CurrentEL avoids parsing the DTB.
         */
        movz    w0, #(PSCI_SYSTEM_OFF & 0xffff)
        movk    w0, #(PSCI_SYSTEM_OFF >> 16), lsl #16
        mrs     x5, CurrentEL
        lsr     x5, x5, #2              /* CurrentEL[3:2] = EL */
        cmp     x5, #2
        b.ge    4f
        hvc     #0
        b       5f
4:      smc     #0

5:      /* SYSTEM_OFF does not return; if it somehow does, park the CPU. */
        wfi
        b       5b

message:
        .asciz  "axvisor-image test guest: hello from aarch64\r\n"

        .balign 8
        .globl  _end
_end:
