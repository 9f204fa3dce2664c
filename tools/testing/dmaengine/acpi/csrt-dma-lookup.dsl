/*
 * SPDX-License-Identifier: GPL-2.0
 *
 * Core System Resource Table for the ACPI channel-lookup scenario: one
 * resource group per test DMA controller, matched to the controller by its
 * interrupt (GSI 22 for DMAT0001, 23 for DMAT0002; no MMIO base), giving
 * each a range of request lines. iasl computes the length and checksum.
 */
[0004]                          Signature : "CSRT"
[0004]                       Table Length : 00000000
[0001]                           Revision : 01
[0001]                           Checksum : 00
[0006]                             Oem ID : "DMATST"
[0008]                       Oem Table ID : "DMALOOK "
[0004]                       Oem Revision : 00000001
[0004]                    Asl Compiler ID : "INTL"
[0004]              Asl Compiler Revision : 00000000

/* Controller A: request lines 0x00-0x0f */
[0004]                             Length : 00000034
[0004]                          Vendor ID : 54414D44
[0004]                       Subvendor ID : 00000000
[0002]                          Device ID : 0001
[0002]                       Subdevice ID : 0000
[0002]                           Revision : 0001
[0002]                           Reserved : 0000
[0004]                 Shared Info Length : 0000001C

[0002]                      Major Version : 0001
[0002]                      Minor Version : 0000
[0004]              MMIO Base Address Low : 00000000
[0004]             MMIO Base Address High : 00000000
[0004]                      GSI Interrupt : 00000016
[0001]                 Interrupt Polarity : 01
[0001]                     Interrupt Mode : 00
[0001]                       Num Channels : 04
[0001]                  DMA Address Width : 40
[0002]                  Base Request Line : 0000
[0002]              Num Handshake Signals : 0010
[0004]                     Max Block Size : 00001000

/* Controller B: request lines 0x10-0x1f */
[0004]                             Length : 00000034
[0004]                          Vendor ID : 54414D44
[0004]                       Subvendor ID : 00000000
[0002]                          Device ID : 0002
[0002]                       Subdevice ID : 0000
[0002]                           Revision : 0001
[0002]                           Reserved : 0000
[0004]                 Shared Info Length : 0000001C

[0002]                      Major Version : 0001
[0002]                      Minor Version : 0000
[0004]              MMIO Base Address Low : 00000000
[0004]             MMIO Base Address High : 00000000
[0004]                      GSI Interrupt : 00000017
[0001]                 Interrupt Polarity : 01
[0001]                     Interrupt Mode : 00
[0001]                       Num Channels : 04
[0001]                  DMA Address Width : 40
[0002]                  Base Request Line : 0010
[0002]              Num Handshake Signals : 0010
[0004]                     Max Block Size : 00001000
