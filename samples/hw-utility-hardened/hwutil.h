/*
 * hwutil.h - Contoso Hardware Utility driver (hardened): private definitions.
 */
#ifndef CTSHW_HWUTIL_H
#define CTSHW_HWUTIL_H

#include <ntddk.h>
#include <wdmsec.h>
#include "public.h"

#define CTSHW_NT_DEVICE_NAME L"\\Device\\CtsHwUtil"
#define CTSHW_DOS_DEVICE_NAME L"\\DosDevices\\CtsHwUtil"

/* MSRs HwUtil.exe shows or sets (Intel SDM vol. 4). */
#define MSR_IA32_PERF_STATUS 0x198
#define MSR_IA32_PERF_CTL 0x199
#define MSR_IA32_THERM_STATUS 0x19C
#define MSR_IA32_PACKAGE_THERM_STATUS 0x1B1

/* The super-I/O chip's index/data pair and its hardware-monitor bank. */
#define SIO_INDEX_PORT 0x2E
#define SIO_DATA_PORT 0x2F
#define SIO_HWM_FIRST_REGISTER 0x20
#define SIO_HWM_LAST_REGISTER 0x3F

/* The platform's own devices HwUtil.exe lists: bus 0, configuration header. */
#define CTSHW_PCI_BUS 0
#define CTSHW_PCI_HEADER_SIZE 0x40

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD CtsHwUnload;
DRIVER_DISPATCH CtsHwDispatchCreateClose;
DRIVER_DISPATCH CtsHwDispatchDeviceControl;

NTSTATUS CtsHwReadPhysical(PIRP Irp, PIO_STACK_LOCATION IrpSp);
NTSTATUS CtsHwReadMsr(PIRP Irp, PIO_STACK_LOCATION IrpSp);
NTSTATUS CtsHwWriteMsr(PIRP Irp, PIO_STACK_LOCATION IrpSp);
NTSTATUS CtsHwReadPort(PIRP Irp, PIO_STACK_LOCATION IrpSp);
NTSTATUS CtsHwWritePort(PIRP Irp, PIO_STACK_LOCATION IrpSp);
NTSTATUS CtsHwReadPciConfig(PIRP Irp, PIO_STACK_LOCATION IrpSp);

#endif
