// drvcert-test: rules=ioctl-physmem-map
//
// A sensor-hub driver that does need physical memory: it maps its own
// register window (from the translated resources it got at start) or a part
// of it the request chooses inside that window, a fixed
// HPET window the tool may read a page of, and the BIOS data area. Every
// range a request can name is checked against an allowlist first, the raw
// "map any physical page" diagnostic IOCTL is limited to callers holding
// SeLoadDriverPrivilege, and the kernel-mode-only path trusts its
// requestor. None of this may be reported.

#include <ntddk.h>

#define HUB_TAG 'buHS'
#define HUB_HPET_BASE 0xFED00000ULL
#define HUB_HPET_SIZE 0x1000
#define HUB_BDA_BASE 0x400
#define HUB_BDA_SIZE 0x100

#define IOCTL_HUB_READ_REGISTERS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_HUB_READ_HPET \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_HUB_READ_BDA \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_HUB_DIAG_MAP \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x903, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_HUB_INTERNAL_MAP \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x904, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_HUB_READ_BIOS_TABLE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x905, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_HUB_COPY_VIRTUAL \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x906, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_HUB_READ_REGISTER_RANGE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x907, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _HUB_RANGE {
    PHYSICAL_ADDRESS Address;
    ULONG Length;
    ULONG Reserved;
} HUB_RANGE, *PHUB_RANGE;

typedef struct _HUB_EXTENSION {
    PHYSICAL_ADDRESS RegisterBase; // from the CM_RESOURCE_LIST at start
    ULONG RegisterLength;
    PVOID Registers;
    UCHAR Scratch[64];
} HUB_EXTENSION, *PHUB_EXTENSION;

DRIVER_DISPATCH HubDeviceControl;

//
// The device's own registers: address and length come from the device
// extension, set from the translated resources, not from the request.
//
static NTSTATUS
HubReadRegisters(PHUB_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PVOID va;
    ULONG length = Ext->RegisterLength;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < length) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    va = MmMapIoSpaceEx(Ext->RegisterBase, length, PAGE_READONLY | PAGE_NOCACHE);
    if (va == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, va, length);
    MmUnmapIoSpace(va, length);
    Irp->IoStatus.Information = length;
    return STATUS_SUCCESS;
}

//
// A fixed window: the range must lie inside [HPET, HPET + size).
//
static NTSTATUS
HubReadHpet(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PHUB_RANGE range = Irp->AssociatedIrp.SystemBuffer;
    ULONGLONG address;
    ULONG length;
    PVOID va;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(HUB_RANGE)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    address = (ULONGLONG)range->Address.QuadPart;
    length = range->Length;
    if (address < HUB_HPET_BASE || address + length > HUB_HPET_BASE + HUB_HPET_SIZE) {
        return STATUS_ACCESS_DENIED;
    }
    if (length > IrpSp->Parameters.DeviceIoControl.OutputBufferLength) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    va = MmMapIoSpace(range->Address, length, MmNonCached);
    if (va == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, va, length);
    MmUnmapIoSpace(va, length);
    Irp->IoStatus.Information = length;
    return STATUS_SUCCESS;
}

//
// Equality allowlist, the form Microsoft's guidance shows:
// address == expected && size == valid size.
//
static NTSTATUS
HubReadBda(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PHUB_RANGE range = Irp->AssociatedIrp.SystemBuffer;
    MM_COPY_ADDRESS source;
    SIZE_T copied = 0;
    NTSTATUS status;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(HUB_RANGE) ||
        IrpSp->Parameters.DeviceIoControl.OutputBufferLength < HUB_BDA_SIZE) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (range->Address.QuadPart != HUB_BDA_BASE || range->Length != HUB_BDA_SIZE) {
        return STATUS_ACCESS_DENIED;
    }
    source.PhysicalAddress = range->Address;
    status = MmCopyMemory(Irp->AssociatedIrp.SystemBuffer, source, range->Length,
                          MM_COPY_MEMORY_PHYSICAL, &copied);
    Irp->IoStatus.Information = NT_SUCCESS(status) ? copied : 0;
    return status;
}

//
// The raw diagnostic map is for administrators' tools only: the caller
// must hold SeLoadDriverPrivilege, which standard users do not have.
//
static NTSTATUS
HubDiagMap(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PHUB_RANGE range = Irp->AssociatedIrp.SystemBuffer;
    LUID loadDriver = RtlConvertLongToLuid(SE_LOAD_DRIVER_PRIVILEGE);
    PVOID va;

    if (!SeSinglePrivilegeCheck(loadDriver, Irp->RequestorMode)) {
        return STATUS_PRIVILEGE_NOT_HELD;
    }
    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(HUB_RANGE)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    va = MmMapIoSpace(range->Address, range->Length, MmNonCached);
    if (va == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    MmUnmapIoSpace(va, range->Length);
    return STATUS_SUCCESS;
}

//
// Requests built by the driver's companion kernel component only.
//
static NTSTATUS
HubInternalMap(PHUB_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PHUB_RANGE range = Irp->AssociatedIrp.SystemBuffer;

    if (Irp->RequestorMode != KernelMode) {
        return STATUS_ACCESS_DENIED;
    }
    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(HUB_RANGE)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    Ext->Registers = MmMapIoSpace(range->Address, range->Length, MmNonCached);
    return Ext->Registers != NULL ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

//
// \Device\PhysicalMemory, but a fixed view: the BIOS ROM table the tool
// parses, at a constant offset and size.
//
static NTSTATUS
HubReadBiosTable(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\PhysicalMemory");
    OBJECT_ATTRIBUTES attributes;
    HANDLE section = NULL;
    PVOID base = NULL;
    LARGE_INTEGER offset;
    SIZE_T viewSize = 0x10000;
    NTSTATUS status;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < 0x10000) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    InitializeObjectAttributes(&attributes, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwOpenSection(&section, SECTION_MAP_READ, &attributes);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    offset.QuadPart = 0xF0000;
    status = ZwMapViewOfSection(section, ZwCurrentProcess(), &base, 0, 0, &offset, &viewSize, ViewUnmap, 0, PAGE_READONLY);
    if (NT_SUCCESS(status)) {
        RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, base, 0x10000);
        ZwUnmapViewOfSection(ZwCurrentProcess(), base);
        Irp->IoStatus.Information = 0x10000;
    }
    ZwClose(section);
    return status;
}

//
// MmCopyMemory of a virtual address is not a physical-memory primitive
// (ioctl-arbitrary-kernel-rw looks at it); here it copies the driver's own
// scratch buffer.
//
static NTSTATUS
HubCopyScratch(PHUB_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    MM_COPY_ADDRESS source;
    SIZE_T copied = 0;
    NTSTATUS status;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(Ext->Scratch)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    source.VirtualAddress = Ext->Scratch;
    status = MmCopyMemory(Irp->AssociatedIrp.SystemBuffer, source, sizeof(Ext->Scratch),
                          MM_COPY_MEMORY_VIRTUAL, &copied);
    Irp->IoStatus.Information = NT_SUCCESS(status) ? copied : 0;
    return status;
}

//
// A part of the device's own register window, which the request chooses
// inside [RegisterBase, RegisterBase + RegisterLength) (the translated
// resources, set at start).
//
static NTSTATUS
HubReadRegisterRange(PHUB_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PHUB_RANGE range = Irp->AssociatedIrp.SystemBuffer;
    ULONGLONG address, base = (ULONGLONG)Ext->RegisterBase.QuadPart;
    ULONG length;
    PVOID va;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(HUB_RANGE)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    address = (ULONGLONG)range->Address.QuadPart;
    length = range->Length;
    if (address < base || address + length > base + Ext->RegisterLength) {
        return STATUS_ACCESS_DENIED;
    }
    if (length > IrpSp->Parameters.DeviceIoControl.OutputBufferLength) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    va = MmMapIoSpaceEx(range->Address, length, PAGE_READONLY | PAGE_NOCACHE);
    if (va == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, va, length);
    MmUnmapIoSpace(va, length);
    Irp->IoStatus.Information = length;
    return STATUS_SUCCESS;
}

NTSTATUS
HubDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PHUB_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    Irp->IoStatus.Information = 0;
    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_HUB_READ_REGISTERS:
        status = HubReadRegisters(ext, Irp, irpSp);
        break;
    case IOCTL_HUB_READ_HPET:
        status = HubReadHpet(Irp, irpSp);
        break;
    case IOCTL_HUB_READ_BDA:
        status = HubReadBda(Irp, irpSp);
        break;
    case IOCTL_HUB_DIAG_MAP:
        status = HubDiagMap(Irp, irpSp);
        break;
    case IOCTL_HUB_INTERNAL_MAP:
        status = HubInternalMap(ext, Irp, irpSp);
        break;
    case IOCTL_HUB_READ_BIOS_TABLE:
        status = HubReadBiosTable(Irp, irpSp);
        break;
    case IOCTL_HUB_COPY_VIRTUAL:
        status = HubCopyScratch(ext, Irp, irpSp);
        break;
    case IOCTL_HUB_READ_REGISTER_RANGE:
        status = HubReadRegisterRange(ext, Irp, irpSp);
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
