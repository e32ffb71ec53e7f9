// drvcert-test: rules=ioctl-physmem-map
//
// The WinIo / MapMem / PhyMem template that dozens of signed "hardware
// utility" drivers were cloned from: a legacy control device whose IOCTLs
// map, translate or copy whatever physical range the caller asks for. Each
// handler is one of the shapes found in the vulnerable-driver lists; none
// checks the range against anything.

#include <ntddk.h>

#define PHY_TAG 'iyhP'
#define PHY_LOW_MEMORY_END 0x100000

#define IOCTL_PHY_MAP_MEMORY \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_PHY_UNMAP_MEMORY \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x811, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_PHY_READ_MEMORY \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x812, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_PHY_MAP_SECTION \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x813, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_PHY_TRANSLATE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x814, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_PHY_MAP_HIGH_MEMORY \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x815, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_PHY_READ_SMBIOS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x816, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _PHY_MAP_REQUEST {
    PHYSICAL_ADDRESS PhysicalAddress;
    ULONG Length;
    ULONG Reserved;
} PHY_MAP_REQUEST, *PPHY_MAP_REQUEST;

typedef struct _PHY_MAP_REPLY {
    PVOID UserAddress;
    PVOID Mdl;
} PHY_MAP_REPLY, *PPHY_MAP_REPLY;

typedef struct _PHY_READ_REQUEST {
    ULONG64 Address;
    ULONG Size;
    ULONG Reserved;
} PHY_READ_REQUEST, *PPHY_READ_REQUEST;

typedef struct _PHY_SECTION_REQUEST {
    ULONG64 Offset;
    ULONG64 Size;
} PHY_SECTION_REQUEST, *PPHY_SECTION_REQUEST;

DRIVER_DISPATCH PhyDeviceControl;

//
// Case: the MapMem shape. The caller's physical range is mapped into system
// space, then into the caller's own address space through an MDL.
//
static NTSTATUS
PhyMapMemory(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PPHY_MAP_REQUEST request = Irp->AssociatedIrp.SystemBuffer;
    PPHY_MAP_REPLY reply = Irp->AssociatedIrp.SystemBuffer;
    PHYSICAL_ADDRESS physical;
    ULONG length;
    PVOID systemVa;
    PMDL mdl;
    PVOID userVa = NULL;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(PHY_MAP_REQUEST) ||
        IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(PHY_MAP_REPLY)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    physical = request->PhysicalAddress;
    length = request->Length;

    systemVa = MmMapIoSpace(physical, length, MmNonCached); // expected-error{{'MmMapIoSpace' maps a physical address and a length from a value read from the SystemBuffer that no allowlist constrains; any caller can map and rewrite any physical page}}
    if (systemVa == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    mdl = IoAllocateMdl(systemVa, length, FALSE, FALSE, NULL);
    if (mdl == NULL) {
        MmUnmapIoSpace(systemVa, length);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    MmBuildMdlForNonPagedPool(mdl);
    __try {
        userVa = MmMapLockedPagesSpecifyCache(mdl, UserMode, MmNonCached, NULL, FALSE, NormalPagePriority); // expected-error{{'MmMapLockedPagesSpecifyCache' maps physical memory the caller chose into the caller's address space (UserMode)}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        IoFreeMdl(mdl);
        MmUnmapIoSpace(systemVa, length);
        return GetExceptionCode();
    }
    reply->UserAddress = userVa;
    reply->Mdl = mdl;
    Irp->IoStatus.Information = sizeof(PHY_MAP_REPLY);
    return STATUS_SUCCESS;
}

//
// Case: MmCopyMemory with MM_COPY_MEMORY_PHYSICAL reads any physical page
// into the reply.
//
static NTSTATUS
PhyReadMemory(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PPHY_READ_REQUEST request = Irp->AssociatedIrp.SystemBuffer;
    MM_COPY_ADDRESS source;
    SIZE_T copied = 0;
    ULONG size;
    NTSTATUS status;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(PHY_READ_REQUEST)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    size = request->Size;
    if (size > IrpSp->Parameters.DeviceIoControl.OutputBufferLength) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    source.PhysicalAddress.QuadPart = (LONGLONG)request->Address;
    status = MmCopyMemory(Irp->AssociatedIrp.SystemBuffer, source, size, MM_COPY_MEMORY_PHYSICAL, &copied); // expected-error{{'MmCopyMemory' copies from a physical address and a length from a value read from the SystemBuffer that no allowlist constrains}}
    Irp->IoStatus.Information = NT_SUCCESS(status) ? copied : 0;
    return status;
}

//
// Case: the WinIo shape. \Device\PhysicalMemory opened by name and a view
// of the caller's offset and size mapped into the caller's process.
//
static NTSTATUS
PhyMapSection(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PPHY_SECTION_REQUEST request = Irp->AssociatedIrp.SystemBuffer;
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES attributes;
    HANDLE section = NULL;
    PVOID base = NULL;
    LARGE_INTEGER offset;
    SIZE_T viewSize;
    NTSTATUS status;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(PHY_SECTION_REQUEST) ||
        IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(PVOID)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    RtlInitUnicodeString(&name, L"\\Device\\PhysicalMemory");
    InitializeObjectAttributes(&attributes, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwOpenSection(&section, SECTION_ALL_ACCESS, &attributes);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    offset.QuadPart = (LONGLONG)request->Offset;
    viewSize = (SIZE_T)request->Size;
    status = ZwMapViewOfSection(section, ZwCurrentProcess(), &base, 0, 0, &offset, &viewSize, ViewShare, 0, PAGE_READWRITE | PAGE_NOCACHE); // expected-error{{'ZwMapViewOfSection' maps a view of \Device\PhysicalMemory at a physical address and a length from a value read from the SystemBuffer}}
    ZwClose(section);
    if (NT_SUCCESS(status)) {
        *(PVOID *)Irp->AssociatedIrp.SystemBuffer = base;
        Irp->IoStatus.Information = sizeof(PVOID);
    }
    return status;
}

//
// Case: a physical address turned into a virtual one for the caller.
//
static NTSTATUS
PhyTranslate(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PPHY_MAP_REQUEST request = Irp->AssociatedIrp.SystemBuffer;
    PVOID va;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(PHY_MAP_REQUEST) ||
        IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(PVOID)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    va = MmGetVirtualForPhysical(request->PhysicalAddress); // expected-error{{'MmGetVirtualForPhysical' translates a physical address from a value read from the SystemBuffer}}
    *(PVOID *)Irp->AssociatedIrp.SystemBuffer = va;
    Irp->IoStatus.Information = sizeof(PVOID);
    return STATUS_SUCCESS;
}

//
// Case: a one-sided check. Low memory is refused, everything above it (the
// kernel's pages included) is mapped.
//
static NTSTATUS
PhyMapHighMemory(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PPHY_MAP_REQUEST request = Irp->AssociatedIrp.SystemBuffer;
    PVOID va;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(PHY_MAP_REQUEST)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (request->PhysicalAddress.QuadPart < PHY_LOW_MEMORY_END || request->Length > PAGE_SIZE) {
        return STATUS_ACCESS_DENIED;
    }
    va = MmMapIoSpaceEx(request->PhysicalAddress, request->Length, PAGE_READWRITE | PAGE_NOCACHE); // expected-error{{'MmMapIoSpaceEx' maps a physical address from a value read from the SystemBuffer that no allowlist constrains}}
    if (va == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    MmUnmapIoSpace(va, request->Length);
    return STATUS_SUCCESS;
}

//
// Case: the address is fixed (the SMBIOS entry point area), the length is
// the caller's: a long enough length reaches far past the table.
//
static NTSTATUS
PhyReadSmbios(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG length = IrpSp->Parameters.DeviceIoControl.OutputBufferLength;
    PHYSICAL_ADDRESS smbios;
    PVOID va;

    smbios.QuadPart = 0xF0000;
    va = MmMapIoSpace(smbios, length, MmCached); // expected-error{{'MmMapIoSpace' maps a length from OutputBufferLength that no allowlist constrains}}
    if (va == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, va, length);
    MmUnmapIoSpace(va, length);
    Irp->IoStatus.Information = length;
    return STATUS_SUCCESS;
}

NTSTATUS
PhyDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Information = 0;
    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_PHY_MAP_MEMORY:
        status = PhyMapMemory(Irp, irpSp);
        break;
    case IOCTL_PHY_READ_MEMORY:
        status = PhyReadMemory(Irp, irpSp);
        break;
    case IOCTL_PHY_MAP_SECTION:
        status = PhyMapSection(Irp, irpSp);
        break;
    case IOCTL_PHY_TRANSLATE:
        status = PhyTranslate(Irp, irpSp);
        break;
    case IOCTL_PHY_MAP_HIGH_MEMORY:
        status = PhyMapHighMemory(Irp, irpSp);
        break;
    case IOCTL_PHY_READ_SMBIOS:
        status = PhyReadSmbios(Irp, irpSp);
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
