// drvcert-test: rules=ioctl-process-access
//
// A diagnostics driver that opens processes and reads their memory for its
// service, the careful way: handles for the caller are opened with the
// caller's access checked (OBJ_FORCE_ACCESS_CHECK, AccessMode UserMode),
// memory is read only after a SeDebugPrivilege check, kernel handles stay
// in the driver, and attaching to the driver's own worker process needs no
// check. No finding.

#include <ntifs.h>

#define IOCTL_DX_OPEN_PROCESS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_DX_OPEN_BY_CID \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x821, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_DX_READ_MEMORY \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x822, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_DX_SAMPLE_WORKER \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x823, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _DX_REQUEST {
    ULONG ProcessId;
    ACCESS_MASK DesiredAccess;
    ULONG64 Address;
    ULONG Value;
} DX_REQUEST, *PDX_REQUEST;

typedef struct _DX_EXTENSION {
    PEPROCESS WorkerProcess;   // the service's worker, referenced at start
    ULONG LastSample;
} DX_EXTENSION, *PDX_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_DISPATCH DxDeviceControl;

//
// Idiom: a handle for the caller, opened with the caller's rights.
//
static NTSTATUS
DxOpenProcess(PIRP Irp, PDX_REQUEST Request)
{
    PEPROCESS process;
    HANDLE processHandle;
    NTSTATUS status;

    status = PsLookupProcessByProcessId(ULongToHandle(Request->ProcessId), &process);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = ObOpenObjectByPointer(process, OBJ_FORCE_ACCESS_CHECK, NULL, Request->DesiredAccess,
                                   *PsProcessType, UserMode, &processHandle);
    ObDereferenceObject(process);
    if (NT_SUCCESS(status)) {
        *(PHANDLE)Irp->AssociatedIrp.SystemBuffer = processHandle;
        Irp->IoStatus.Information = sizeof(HANDLE);
    }
    return status;
}

//
// Idiom: ZwOpenProcess with OBJ_FORCE_ACCESS_CHECK.
//
static NTSTATUS
DxOpenByClientId(PIRP Irp, PDX_REQUEST Request)
{
    OBJECT_ATTRIBUTES attributes;
    CLIENT_ID clientId = { 0 };
    HANDLE processHandle;
    NTSTATUS status;

    InitializeObjectAttributes(&attributes, NULL, OBJ_FORCE_ACCESS_CHECK, NULL, NULL);
    clientId.UniqueProcess = ULongToHandle(Request->ProcessId);
    status = ZwOpenProcess(&processHandle, Request->DesiredAccess, &attributes, &clientId);
    if (NT_SUCCESS(status)) {
        *(PHANDLE)Irp->AssociatedIrp.SystemBuffer = processHandle;
        Irp->IoStatus.Information = sizeof(HANDLE);
    }
    return status;
}

//
// Idiom: reading another process's memory is for debuggers: the caller must
// hold SeDebugPrivilege.
//
static NTSTATUS
DxReadMemory(PIRP Irp, PDX_REQUEST Request)
{
    PEPROCESS process;
    KAPC_STATE apcState;
    ULONG value = 0;
    NTSTATUS status = STATUS_SUCCESS;

    if (!SeSinglePrivilegeCheck(SeExports->SeDebugPrivilege, Irp->RequestorMode)) {
        return STATUS_PRIVILEGE_NOT_HELD;
    }
    status = PsLookupProcessByProcessId(ULongToHandle(Request->ProcessId), &process);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    KeStackAttachProcess((PKPROCESS)process, &apcState);
    __try {
        ProbeForRead((PVOID)(ULONG_PTR)Request->Address, sizeof(ULONG), sizeof(ULONG));
        value = *(volatile ULONG *)(ULONG_PTR)Request->Address;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    KeUnstackDetachProcess(&apcState);
    ObDereferenceObject(process);
    Request->Value = value;
    return status;
}

//
// Idiom: the driver's own worker process, not the caller's choice.
//
static NTSTATUS
DxSampleWorker(PDX_EXTENSION Extension)
{
    KAPC_STATE apcState;

    if (Extension->WorkerProcess == NULL) {
        return STATUS_NOT_FOUND;
    }
    KeStackAttachProcess((PKPROCESS)Extension->WorkerProcess, &apcState);
    Extension->LastSample = (ULONG)(ULONG_PTR)PsGetCurrentProcessId();
    KeUnstackDetachProcess(&apcState);
    return STATUS_SUCCESS;
}

NTSTATUS
DxDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PDX_REQUEST request = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status;

    Irp->IoStatus.Information = 0;
    if (irpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(DX_REQUEST) ||
        irpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(DX_REQUEST)) {
        status = STATUS_BUFFER_TOO_SMALL;
        goto done;
    }
    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_DX_OPEN_PROCESS:
        status = DxOpenProcess(Irp, request);
        break;
    case IOCTL_DX_OPEN_BY_CID:
        status = DxOpenByClientId(Irp, request);
        break;
    case IOCTL_DX_READ_MEMORY:
        status = DxReadMemory(Irp, request);
        break;
    case IOCTL_DX_SAMPLE_WORKER:
        status = DxSampleWorker(DeviceObject->DeviceExtension);
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
done:
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\DiagTool");
    PDEVICE_OBJECT deviceObject;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    status = IoCreateDevice(DriverObject, sizeof(DX_EXTENSION), &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlZeroMemory(deviceObject->DeviceExtension, sizeof(DX_EXTENSION));
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DxDeviceControl;
    return STATUS_SUCCESS;
}
