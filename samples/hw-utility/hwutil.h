/*
 * hwutil.h - Contoso Hardware Utility driver: private definitions.
 */
#ifndef CTSHW_HWUTIL_H
#define CTSHW_HWUTIL_H

#include <ntddk.h>
#include "public.h"

#define CTSHW_NT_DEVICE_NAME L"\\Device\\CtsHwUtil"
#define CTSHW_DOS_DEVICE_NAME L"\\DosDevices\\CtsHwUtil"
#define CTSHW_POOL_TAG 'wHsC'

typedef struct _CTSHW_MAPPING {
    PVOID SystemAddress;
    PMDL Mdl;
    PVOID UserAddress;
    SIZE_T Length;
} CTSHW_MAPPING, *PCTSHW_MAPPING;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD CtsHwUnload;
DRIVER_DISPATCH CtsHwDispatchCreateClose;
DRIVER_DISPATCH CtsHwDispatchDeviceControl;

NTSTATUS CtsHwMapPhysical(PIRP Irp, PIO_STACK_LOCATION IrpSp);
NTSTATUS CtsHwUnmapPhysical(PIRP Irp, PIO_STACK_LOCATION IrpSp);
NTSTATUS CtsHwReadMsr(PIRP Irp, PIO_STACK_LOCATION IrpSp);
NTSTATUS CtsHwWriteMsr(PIRP Irp, PIO_STACK_LOCATION IrpSp);
NTSTATUS CtsHwReadPort(PIRP Irp, PIO_STACK_LOCATION IrpSp);
NTSTATUS CtsHwWritePort(PIRP Irp, PIO_STACK_LOCATION IrpSp);
NTSTATUS CtsHwReadPciConfig(PIRP Irp, PIO_STACK_LOCATION IrpSp);

#endif
