// drvcert-test: rules=deprecated-pool-alloc
//
// Deprecated allocations reached through macros and wrappers, the way large
// drivers spell them:
//   - the classic "#define ExAllocatePool(a,b) ExAllocatePoolWithTag(a,b,tag)"
//     redefinition from NT-era port and class drivers;
//   - driver allocation macros that hide the pool routine;
//   - a static inline allocation wrapper, reported once, inside the wrapper.
// Each finding sits on the line where the macro is invoked. Where the name
// the message quotes could be the driver macro's or the pool routine's, the
// expectation uses a substring that does not depend on it.

#include <ntddk.h>

#define PORT_TAG 'troP'

// As in scsiport/classpnp: route the untagged routine to the tagged one.
#undef ExAllocatePool
#define ExAllocatePool(a, b) ExAllocatePoolWithTag(a, b, PORT_TAG)

// Driver allocation helpers.
#define PortAllocatePaged(Size) ExAllocatePoolWithTag(PagedPool, (Size), PORT_TAG)
#define PortAllocateNonPaged(Size) ExAllocatePoolWithTag(NonPagedPool, (Size), PORT_TAG)
#define PortAllocate(Type, Size) ExAllocatePoolWithTag((Type), (Size), PORT_TAG)
#define PortFree(Block) ExFreePoolWithTag((Block), PORT_TAG)

#define IOCTL_PORT_QUERY_INQUIRY \
    CTL_CODE(FILE_DEVICE_CONTROLLER, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_PORT_QUERY_CAPABILITIES \
    CTL_CODE(FILE_DEVICE_CONTROLLER, 0x901, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _PORT_INQUIRY {
    UCHAR DeviceType;
    UCHAR Version;
    UCHAR VendorId[8];
    UCHAR ProductId[16];
    ULONG MaxTransfer;
} PORT_INQUIRY, *PPORT_INQUIRY;

typedef struct _PORT_LUN {
    LIST_ENTRY Link;
    UCHAR PathId;
    UCHAR TargetId;
    UCHAR Lun;
    PVOID SenseBuffer;
} PORT_LUN, *PPORT_LUN;

typedef struct _PORT_EXTENSION {
    PDEVICE_OBJECT DeviceObject;
    LIST_ENTRY LunList;
    PPORT_INQUIRY CachedInquiry;
    PVOID DmaCommonBuffer;
    ULONG Capabilities;
} PORT_EXTENSION, *PPORT_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_DISPATCH PortDeviceControl;

//
// Case: a static inline wrapper. Its one call is reported, on this line;
// the calls of the wrapper below are not pool routine calls.
//
static __inline PVOID
PortAllocateZeroed(SIZE_T Size)
{
    PVOID block = ExAllocatePoolWithTag(NonPagedPoolNx, Size, PORT_TAG); // expected-error{{'ExAllocatePoolWithTag' is deprecated and returns uninitialized pool memory}}

    if (block != NULL) {
        RtlZeroMemory(block, Size);
    }
    return block;
}

//
// Case: ExAllocatePool redefined by the driver to the tagged routine: the
// message names 'ExAllocatePool', the name the code calls.
//
static PPORT_LUN
PortCreateLun(UCHAR PathId, UCHAR TargetId, UCHAR Lun)
{
    PPORT_LUN lun = ExAllocatePool(PagedPool, sizeof(PORT_LUN)); // expected-error{{'ExAllocatePool' is deprecated and returns uninitialized pool memory that can leak kernel data to callers; use 'ExAllocatePool2', which zeroes the allocation}}

    if (lun == NULL) {
        return NULL;
    }
    lun->PathId = PathId;
    lun->TargetId = TargetId;
    lun->Lun = Lun;
    lun->SenseBuffer = PortAllocateZeroed(18); // no-warning
    return lun;
}

//
// Case: a driver macro hiding a paged allocation.
//
static NTSTATUS
PortQueryInquiry(PPORT_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PPORT_INQUIRY inquiry;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(PORT_INQUIRY)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    inquiry = PortAllocatePaged(sizeof(PORT_INQUIRY)); // expected-error{{is deprecated and returns uninitialized pool memory that can leak kernel data to callers; use 'ExAllocatePool2'}}
    if (inquiry == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    inquiry->DeviceType = 0;
    inquiry->Version = 5;
    inquiry->MaxTransfer = 128 * 1024;
    // VendorId and ProductId are left as whatever the pool held before.
    RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, inquiry, sizeof(PORT_INQUIRY));
    Irp->IoStatus.Information = sizeof(PORT_INQUIRY);

    if (Ext->CachedInquiry == NULL) {
        Ext->CachedInquiry = inquiry;
    } else {
        PortFree(inquiry);
    }
    return STATUS_SUCCESS;
}

//
// Case: a driver macro hiding an executable NonPagedPool allocation.
//
static NTSTATUS
PortAllocateCommonBuffer(PPORT_EXTENSION Ext)
{
    Ext->DmaCommonBuffer = PortAllocateNonPaged(PAGE_SIZE); // expected-error{{allocates executable NonPagedPool memory, which lets an attacker run injected code and fails HVCI; use 'ExAllocatePool2' with POOL_FLAG_NON_PAGED}}
    return Ext->DmaCommonBuffer != NULL ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

//
// Case: a macro taking the pool type: the message follows the argument.
//
static NTSTATUS
PortQueryCapabilities(PPORT_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PULONG caps;
    PULONG history;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    caps = PortAllocate(NonPagedPool, sizeof(ULONG)); // expected-error{{allocates executable NonPagedPool memory}}
    history = PortAllocate(PagedPool, 4 * sizeof(ULONG)); // expected-error{{is deprecated and returns uninitialized pool memory}}
    if (caps == NULL || history == NULL) {
        if (caps != NULL) {
            PortFree(caps);
        }
        if (history != NULL) {
            PortFree(history);
        }
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    *caps = Ext->Capabilities;
    history[0] = Ext->Capabilities;
    RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, caps, sizeof(ULONG));
    Irp->IoStatus.Information = sizeof(ULONG);
    PortFree(caps);
    PortFree(history);
    return STATUS_SUCCESS;
}

NTSTATUS
PortDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PPORT_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    Irp->IoStatus.Information = 0;
    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_PORT_QUERY_INQUIRY:
        status = PortQueryInquiry(ext, Irp, irpSp);
        break;
    case IOCTL_PORT_QUERY_CAPABILITIES:
        status = PortQueryCapabilities(ext, Irp, irpSp);
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ExamplePort0");
    PDEVICE_OBJECT deviceObject;
    PPORT_EXTENSION ext;
    PPORT_LUN lun;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(PORT_EXTENSION), &name,
                            FILE_DEVICE_CONTROLLER, FILE_DEVICE_SECURE_OPEN,
                            FALSE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ext = deviceObject->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->DeviceObject = deviceObject;
    InitializeListHead(&ext->LunList);

    status = PortAllocateCommonBuffer(ext);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(deviceObject);
        return status;
    }

    lun = PortCreateLun(0, 0, 0);
    if (lun != NULL) {
        InsertTailList(&ext->LunList, &lun->Link);
    }

    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PortDeviceControl;
    deviceObject->Flags |= DO_BUFFERED_IO;
    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
