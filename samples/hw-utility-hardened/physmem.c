/*
 * physmem.c - Contoso Hardware Utility driver (hardened): firmware tables.
 *
 * HwUtil.exe reads the ACPI and SMBIOS tables from the legacy BIOS area.
 * The range must lie inside that window; it is copied into the reply with
 * MmCopyMemory, never mapped into the tool's address space.
 */
#include "hwutil.h"

_Use_decl_annotations_
NTSTATUS
CtsHwReadPhysical(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PCTSHW_MAP_REQUEST request = Irp->AssociatedIrp.SystemBuffer;
    MM_COPY_ADDRESS source;
    ULONGLONG address;
    ULONG length;
    SIZE_T copied = 0;
    NTSTATUS status;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(CTSHW_MAP_REQUEST)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    address = (ULONGLONG)request->PhysicalAddress.QuadPart;
    length = request->Length;
    if (address < CTSHW_FIRMWARE_WINDOW_BASE ||
        address + length > CTSHW_FIRMWARE_WINDOW_BASE + CTSHW_FIRMWARE_WINDOW_SIZE) {
        return STATUS_ACCESS_DENIED;
    }
    if (length > IrpSp->Parameters.DeviceIoControl.OutputBufferLength) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    source.PhysicalAddress = request->PhysicalAddress;
    status = MmCopyMemory(Irp->AssociatedIrp.SystemBuffer, source, length,
                          MM_COPY_MEMORY_PHYSICAL, &copied);
    Irp->IoStatus.Information = NT_SUCCESS(status) ? copied : 0;
    return status;
}
