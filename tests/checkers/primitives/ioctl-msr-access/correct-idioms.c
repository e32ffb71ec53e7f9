// drvcert-test: rules=ioctl-msr-access
//
// A CPU-monitoring driver that reads and writes MSRs the right way: the
// index is compared with the few MSRs the tool needs (equality, or a
// bounded range of performance-counter MSRs), writes go only to the
// performance-control MSRs (the value is the tool's business: allowlisting
// the index is what removes the primitive), the raw access IOCTL needs
// SeSystemEnvironmentPrivilege, and kernel-mode requestors are trusted.

#include <ntddk.h>

#define IA32_THERM_STATUS 0x19C
#define IA32_PERF_STATUS 0x198
#define IA32_PERF_CTL 0x199
#define IA32_PERFEVTSEL0 0x186
#define IA32_PERFEVTSEL7 0x18D
#define IA32_TIME_STAMP_COUNTER 0x10

#define IOCTL_CPU_READ_MSR \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_CPU_WRITE_MSR \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_CPU_RAW_MSR \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_CPU_INTERNAL_MSR \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x803, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_CPU_READ_TSC \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x804, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _CPU_MSR_REQUEST {
    ULONG Index;
    ULONG Reserved;
    ULONG64 Value;
} CPU_MSR_REQUEST, *PCPU_MSR_REQUEST;

DRIVER_DISPATCH CpuDeviceControl;

static BOOLEAN
CpuMsrReadable(ULONG Index)
{
    return Index == IA32_THERM_STATUS || Index == IA32_PERF_STATUS ||
           (Index >= IA32_PERFEVTSEL0 && Index <= IA32_PERFEVTSEL7);
}

static NTSTATUS
CpuReadMsr(PCPU_MSR_REQUEST Request)
{
    if (!CpuMsrReadable(Request->Index)) {
        return STATUS_ACCESS_DENIED;
    }
    Request->Value = __readmsr(Request->Index);
    return STATUS_SUCCESS;
}

static NTSTATUS
CpuWriteMsr(PCPU_MSR_REQUEST Request)
{
    // The tool sets P-states and programs its counters; nothing else.
    if (Request->Index != IA32_PERF_CTL &&
        (Request->Index < IA32_PERFEVTSEL0 || Request->Index > IA32_PERFEVTSEL7)) {
        return STATUS_ACCESS_DENIED;
    }
    __writemsr(Request->Index, Request->Value);
    return STATUS_SUCCESS;
}

static NTSTATUS
CpuRawMsr(PIRP Irp, PCPU_MSR_REQUEST Request)
{
    if (!SeSinglePrivilegeCheck(RtlConvertLongToLuid(SE_SYSTEM_ENVIRONMENT_PRIVILEGE),
                                Irp->RequestorMode)) {
        return STATUS_PRIVILEGE_NOT_HELD;
    }
    __writemsr(Request->Index, Request->Value);
    return STATUS_SUCCESS;
}

static NTSTATUS
CpuInternalMsr(PIRP Irp, PCPU_MSR_REQUEST Request)
{
    if (Irp->RequestorMode == KernelMode) {
        Request->Value = __readmsr(Request->Index);
        return STATUS_SUCCESS;
    }
    return STATUS_ACCESS_DENIED;
}

NTSTATUS
CpuDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PCPU_MSR_REQUEST request = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Information = 0;
    if (irpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(CPU_MSR_REQUEST) ||
        irpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(CPU_MSR_REQUEST)) {
        status = STATUS_BUFFER_TOO_SMALL;
    } else {
        switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
        case IOCTL_CPU_READ_MSR:
            status = CpuReadMsr(request);
            break;
        case IOCTL_CPU_WRITE_MSR:
            status = CpuWriteMsr(request);
            break;
        case IOCTL_CPU_RAW_MSR:
            status = CpuRawMsr(Irp, request);
            break;
        case IOCTL_CPU_INTERNAL_MSR:
            status = CpuInternalMsr(Irp, request);
            break;
        case IOCTL_CPU_READ_TSC:
            // A constant index: nothing from the request.
            request->Value = __readmsr(IA32_TIME_STAMP_COUNTER);
            status = STATUS_SUCCESS;
            break;
        default:
            status = STATUS_INVALID_DEVICE_REQUEST;
            break;
        }
        if (NT_SUCCESS(status)) {
            Irp->IoStatus.Information = sizeof(CPU_MSR_REQUEST);
        }
    }
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
