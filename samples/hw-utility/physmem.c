/*
 * physmem.c - Contoso Hardware Utility driver: physical memory access.
 *
 * HwUtil.exe dumps firmware tables (ACPI, SMBIOS) and device registers by
 * asking the driver to map a physical range into its address space. The
 * handler maps whatever range the request names: the template this driver
 * was cloned from (the MapMem sample) never checked it.
 */
#include "hwutil.h"

_Use_decl_annotations_
NTSTATUS
CtsHwMapPhysical(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PCTSHW_MAP_REQUEST request = Irp->AssociatedIrp.SystemBuffer;
    PCTSHW_MAP_REPLY reply = Irp->AssociatedIrp.SystemBuffer;
    PCTSHW_MAPPING mapping;
    PHYSICAL_ADDRESS physical;
    ULONG length;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(CTSHW_MAP_REQUEST) ||
        IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(CTSHW_MAP_REPLY)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    physical = request->PhysicalAddress;
    length = request->Length;
    if (length == 0) {
        return STATUS_INVALID_PARAMETER;
    }

    mapping = ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(*mapping), CTSHW_POOL_TAG);
    if (mapping == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    mapping->Length = length;
    mapping->SystemAddress = MmMapIoSpaceEx(physical, length, PAGE_READWRITE | PAGE_NOCACHE); // drvcert-expect: ioctl-physmem-map
    if (mapping->SystemAddress == NULL) {
        ExFreePoolWithTag(mapping, CTSHW_POOL_TAG);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    mapping->Mdl = IoAllocateMdl(mapping->SystemAddress, length, FALSE, FALSE, NULL);
    if (mapping->Mdl == NULL) {
        MmUnmapIoSpace(mapping->SystemAddress, length);
        ExFreePoolWithTag(mapping, CTSHW_POOL_TAG);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    MmBuildMdlForNonPagedPool(mapping->Mdl);

    __try {
        mapping->UserAddress = MmMapLockedPagesSpecifyCache(mapping->Mdl, UserMode, MmNonCached, // drvcert-expect: ioctl-physmem-map
                                                            NULL, FALSE, NormalPagePriority | MdlMappingNoExecute);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        mapping->UserAddress = NULL;
    }
    if (mapping->UserAddress == NULL) {
        IoFreeMdl(mapping->Mdl);
        MmUnmapIoSpace(mapping->SystemAddress, length);
        ExFreePoolWithTag(mapping, CTSHW_POOL_TAG);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    reply->UserAddress = mapping->UserAddress;
    reply->Handle = mapping;
    Irp->IoStatus.Information = sizeof(CTSHW_MAP_REPLY);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
CtsHwUnmapPhysical(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    UNREFERENCED_PARAMETER(Irp);
    UNREFERENCED_PARAMETER(IrpSp);
    /* Mappings are released when the tool exits (not shown). */
    return STATUS_NOT_IMPLEMENTED;
}
