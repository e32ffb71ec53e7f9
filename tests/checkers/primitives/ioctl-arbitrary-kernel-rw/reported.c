// drvcert-test: rules=ioctl-arbitrary-kernel-rw
//
// The RTCore64 / DBUtil / gdrv shape: an overclocking utility's driver whose
// "read memory" and "write memory" IOCTLs take a 64-bit address as an
// integer in a METHOD_BUFFERED request and read or write it for the caller.
// The address is meant to be a kernel one (the tool reads hardware state
// the kernel keeps), so no probe was ever intended: the design itself is
// the bug.

#include <ntddk.h>

#define IOCTL_OC_READ_MEMORY \
    CTL_CODE(0x8000, 0x2048, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_OC_WRITE_MEMORY \
    CTL_CODE(0x8000, 0x2049, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_OC_COPY_MEMORY \
    CTL_CODE(0x8000, 0x204A, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_OC_READ_VIRTUAL \
    CTL_CODE(0x8000, 0x204B, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_OC_SET_FLAG \
    CTL_CODE(0x8000, 0x204C, METHOD_BUFFERED, FILE_ANY_ACCESS)

// RTCore64's request layout.
typedef struct _OC_MEMORY_REQUEST {
    UCHAR Pad0[8];
    ULONG64 Address;
    UCHAR Pad1[8];
    ULONG ReadSize;
    ULONG Value;
    UCHAR Pad3[16];
} OC_MEMORY_REQUEST, *POC_MEMORY_REQUEST;

// DBUtil's copy request.
typedef struct _OC_COPY_REQUEST {
    ULONG64 Unused;
    ULONG_PTR Target;
    ULONG Offset;
    ULONG Reserved;
    UCHAR Data[64];
} OC_COPY_REQUEST, *POC_COPY_REQUEST;

DRIVER_DISPATCH OcDeviceControl;

//
// Case: read-where. The value at the caller's address is returned.
//
static NTSTATUS
OcReadMemory(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    POC_MEMORY_REQUEST request = Irp->AssociatedIrp.SystemBuffer;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength != sizeof(OC_MEMORY_REQUEST) ||
        IrpSp->Parameters.DeviceIoControl.OutputBufferLength != sizeof(OC_MEMORY_REQUEST)) {
        return STATUS_INVALID_PARAMETER;
    }
    switch (request->ReadSize) {
    case 1:
        request->Value = *(PUCHAR)request->Address; // expected-error{{kernel address from a value read from the SystemBuffer is read through; any caller can read any kernel memory}}
        break;
    case 4:
        request->Value = *(PULONG)(ULONG_PTR)request->Address; // expected-error{{kernel address from a value read from the SystemBuffer is read through}}
        break;
    default:
        return STATUS_INVALID_PARAMETER;
    }
    Irp->IoStatus.Information = sizeof(OC_MEMORY_REQUEST);
    return STATUS_SUCCESS;
}

//
// Case: write-what-where through a local pointer.
//
static NTSTATUS
OcWriteMemory(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    POC_MEMORY_REQUEST request = Irp->AssociatedIrp.SystemBuffer;
    PULONG target;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength != sizeof(OC_MEMORY_REQUEST)) {
        return STATUS_INVALID_PARAMETER;
    }
    target = (PULONG)request->Address;
    *target = request->Value; // expected-error{{kernel address from a value read from the SystemBuffer is written through; any caller can write any kernel memory}}
    return STATUS_SUCCESS;
}

//
// Case: the DBUtil shape. memmove to the caller's address plus offset.
//
static NTSTATUS
OcCopyMemory(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    POC_COPY_REQUEST request = Irp->AssociatedIrp.SystemBuffer;
    ULONG length = IrpSp->Parameters.DeviceIoControl.InputBufferLength;

    if (length < FIELD_OFFSET(OC_COPY_REQUEST, Data) || length > sizeof(OC_COPY_REQUEST)) {
        return STATUS_INVALID_PARAMETER;
    }
    length -= FIELD_OFFSET(OC_COPY_REQUEST, Data);
    memmove((PVOID)(request->Target + request->Offset), request->Data, length); // expected-error{{kernel address from a value read from the SystemBuffer is passed to 'memmove' as the destination}}
    return STATUS_SUCCESS;
}

//
// Case: MmCopyMemory with MM_COPY_MEMORY_VIRTUAL from the caller's address.
//
static NTSTATUS
OcReadVirtual(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    POC_MEMORY_REQUEST request = Irp->AssociatedIrp.SystemBuffer;
    MM_COPY_ADDRESS source;
    SIZE_T copied = 0;
    ULONG value = 0;
    NTSTATUS status;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength != sizeof(OC_MEMORY_REQUEST)) {
        return STATUS_INVALID_PARAMETER;
    }
    source.VirtualAddress = (PVOID)request->Address;
    status = MmCopyMemory(&value, source, sizeof(value), MM_COPY_MEMORY_VIRTUAL, &copied); // expected-error{{kernel address from a value read from the SystemBuffer is passed to 'MmCopyMemory' as the source}}
    request->Value = value;
    Irp->IoStatus.Information = sizeof(OC_MEMORY_REQUEST);
    return status;
}

//
// Case: "or-where", through RtlCopyMemory's macro.
//
static NTSTATUS
OcSetFlag(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    POC_MEMORY_REQUEST request = Irp->AssociatedIrp.SystemBuffer;
    ULONG flags;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength != sizeof(OC_MEMORY_REQUEST)) {
        return STATUS_INVALID_PARAMETER;
    }
    RtlCopyMemory(&flags, (PVOID)request->Address, sizeof(flags)); // expected-error{{kernel address from a value read from the SystemBuffer is passed to 'RtlCopyMemory' as the source}}
    flags |= request->Value;
    RtlCopyMemory((PVOID)request->Address, &flags, sizeof(flags));
    return STATUS_SUCCESS;
}

NTSTATUS
OcDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Information = 0;
    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_OC_READ_MEMORY:
        status = OcReadMemory(Irp, irpSp);
        break;
    case IOCTL_OC_WRITE_MEMORY:
        status = OcWriteMemory(Irp, irpSp);
        break;
    case IOCTL_OC_COPY_MEMORY:
        status = OcCopyMemory(Irp, irpSp);
        break;
    case IOCTL_OC_READ_VIRTUAL:
        status = OcReadVirtual(Irp, irpSp);
        break;
    case IOCTL_OC_SET_FLAG:
        status = OcSetFlag(Irp, irpSp);
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
