/*
 * drvcert_wdk_supplement.h - modern WDK declarations that mingw-w64 10 lacks.
 *
 * drvcert's tests and samples compile against the mingw-w64 DDK headers on
 * Linux. Those headers predate ExAllocatePool2/3 and a few other current
 * APIs. This header declares them with the real WDK signatures and values so
 * test and sample code reads exactly like code written against the WDK.
 * It is included at the end of the wdm.h/ntddk.h/ntifs.h wrappers beside it
 * and is never needed with the real WDK.
 */
#ifndef DRVCERT_WDK_SUPPLEMENT_H
#define DRVCERT_WDK_SUPPLEMENT_H

#pragma clang system_header

#ifdef __cplusplus
extern "C" {
#endif

#ifndef POOL_FLAG_NON_PAGED
typedef ULONG64 POOL_FLAGS;

#define POOL_FLAG_REQUIRED_START          0x0000000000000001ULL
#define POOL_FLAG_USE_QUOTA               0x0000000000000001ULL
#define POOL_FLAG_UNINITIALIZED           0x0000000000000002ULL
#define POOL_FLAG_SESSION                 0x0000000000000004ULL
#define POOL_FLAG_CACHE_ALIGNED           0x0000000000000008ULL
#define POOL_FLAG_RESERVED1               0x0000000000000010ULL
#define POOL_FLAG_RAISE_ON_FAILURE        0x0000000000000020ULL
#define POOL_FLAG_NON_PAGED               0x0000000000000040ULL
#define POOL_FLAG_NON_PAGED_EXECUTE       0x0000000000000080ULL
#define POOL_FLAG_PAGED                   0x0000000000000100ULL
#define POOL_FLAG_RESERVED2               0x0000000000000200ULL
#define POOL_FLAG_RESERVED3               0x0000000000000400ULL
#define POOL_FLAG_REQUIRED_END            0x0000000080000000ULL
#define POOL_FLAG_OPTIONAL_START          0x0000000100000000ULL
#define POOL_FLAG_SPECIAL_POOL            0x0000000100000000ULL
#define POOL_FLAG_OPTIONAL_END            0x8000000000000000ULL

typedef enum _POOL_EXTENDED_PARAMETER_TYPE {
  PoolExtendedParameterInvalidType = 0,
  PoolExtendedParameterPriority,
  PoolExtendedParameterSecurePool,
  PoolExtendedParameterNumaNode,
  PoolExtendedParameterMax
} POOL_EXTENDED_PARAMETER_TYPE, *PPOOL_EXTENDED_PARAMETER_TYPE;

typedef struct _POOL_EXTENDED_PARAMETER {
  struct {
    ULONG64 Type : 8;
    ULONG64 Optional : 1;
    ULONG64 Reserved : 64 - 9;
  };
  union {
    ULONG64 Reserved2;
    PVOID Reserved3;
    EX_POOL_PRIORITY Priority;
    PVOID SecurePoolParams;
    ULONG PreferredNode;
  };
} POOL_EXTENDED_PARAMETER, *PPOOL_EXTENDED_PARAMETER;
typedef const POOL_EXTENDED_PARAMETER *PCPOOL_EXTENDED_PARAMETER;

NTKERNELAPI
PVOID
NTAPI
ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag);

NTKERNELAPI
PVOID
NTAPI
ExAllocatePool3(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag,
                PCPOOL_EXTENDED_PARAMETER ExtendedParameters, ULONG Count);

NTKERNELAPI
VOID
ExFreePool2(PVOID P, ULONG Tag, PCPOOL_EXTENDED_PARAMETER ExtendedParameters,
            ULONG ExtendedParametersCount);
#endif /* POOL_FLAG_NON_PAGED */

#ifndef MdlMappingNoExecute
#define MdlMappingNoExecute 0x40000000
#define MdlMappingNoWrite 0x80000000
#endif

/* --- Process access rights (objects rules). The WDK's ntddk.h defines them;
 * mingw-w64 has them only in the user-mode winnt.h. --------------------- */
#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE                  (0x0001)
#define PROCESS_CREATE_THREAD              (0x0002)
#define PROCESS_SET_SESSIONID              (0x0004)
#define PROCESS_VM_OPERATION               (0x0008)
#define PROCESS_VM_READ                    (0x0010)
#define PROCESS_VM_WRITE                   (0x0020)
#define PROCESS_CREATE_PROCESS             (0x0080)
#define PROCESS_SET_QUOTA                  (0x0100)
#define PROCESS_SET_INFORMATION            (0x0200)
#define PROCESS_QUERY_INFORMATION          (0x0400)
#define PROCESS_SUSPEND_RESUME             (0x0800)
#define PROCESS_QUERY_LIMITED_INFORMATION  (0x1000)
#define PROCESS_SET_LIMITED_INFORMATION    (0x2000)
#endif /* PROCESS_TERMINATE */

/* --- Hardware and kernel-memory primitives (issue 4, family primitives) ---
 * Routines and intrinsics the primitives rules' tests and the hw-utility
 * samples call that mingw-w64 lacks, with the WDK's signatures. */
#ifndef MM_COPY_MEMORY_PHYSICAL
#define MM_COPY_MEMORY_PHYSICAL 0x1
#define MM_COPY_MEMORY_VIRTUAL 0x2

typedef struct _MM_COPY_ADDRESS {
  union {
    PVOID VirtualAddress;
    PHYSICAL_ADDRESS PhysicalAddress;
  };
} MM_COPY_ADDRESS, *PMMCOPY_ADDRESS;

NTKERNELAPI
NTSTATUS
MmCopyMemory(PVOID TargetAddress, MM_COPY_ADDRESS SourceAddress,
             SIZE_T NumberOfBytes, ULONG Flags,
             PSIZE_T NumberOfBytesTransferred);

NTKERNELAPI
PVOID
MmMapIoSpaceEx(PHYSICAL_ADDRESS PhysicalAddress, SIZE_T NumberOfBytes,
               ULONG Protect);

NTKERNELAPI
NTSTATUS
ObOpenObjectByName(POBJECT_ATTRIBUTES ObjectAttributes,
                   POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                   PACCESS_STATE AccessState, ACCESS_MASK DesiredAccess,
                   PVOID ParseContext, PHANDLE Handle);

typedef enum _KAPC_ENVIRONMENT {
  OriginalApcEnvironment,
  AttachedApcEnvironment,
  CurrentApcEnvironment,
  InsertApcEnvironment
} KAPC_ENVIRONMENT;

NTKERNELAPI
VOID
KeInitializeApc(PKAPC Apc, PKTHREAD Thread, KAPC_ENVIRONMENT Environment,
                PKKERNEL_ROUTINE KernelRoutine,
                PKRUNDOWN_ROUTINE RundownRoutine,
                PKNORMAL_ROUTINE NormalRoutine, KPROCESSOR_MODE ProcessorMode,
                PVOID NormalContext);

/* <intrin.h> (MSVC) intrinsics mingw-w64 does not declare. */
unsigned __int64 __readdr(unsigned int DebugRegister);
void __writedr(unsigned int DebugRegister, unsigned __int64 DebugRegisterValue);
void __lidt(void *Source);
void __sidt(void *Destination);
void _lgdt(void *Source);
void _sgdt(void *Destination);
#endif /* MM_COPY_MEMORY_PHYSICAL */

#ifdef __cplusplus
}
#endif

/* ---- Device security (exposure model, device-sddl-permissive) ----------
 * wdm.h's constant UNICODE_STRING initializers, which mingw-w64 lacks, and
 * a few devguid.h system setup classes (IoCreateDeviceSecure's
 * DeviceClassGuid). Real WDK definitions. */
#ifndef RTL_CONSTANT_STRING
#define RTL_CONSTANT_STRING(s) \
    { sizeof(s) - sizeof((s)[0]), sizeof(s), s }
#endif
#ifndef DECLARE_CONST_UNICODE_STRING
#define DECLARE_CONST_UNICODE_STRING(_var, _string) \
    const WCHAR _var##_buffer[] = _string; \
    const UNICODE_STRING _var = { sizeof(_string) - sizeof(WCHAR), \
                                  sizeof(_string), (PWCH)_var##_buffer }
#endif
#ifndef DRVCERT_DEVGUID_DECLARED
#define DRVCERT_DEVGUID_DECLARED
#ifdef __cplusplus
extern "C" {
#endif
extern const GUID GUID_DEVCLASS_SYSTEM;  /* {4d36e97d-e325-11ce-bfc1-08002be10318} */
extern const GUID GUID_DEVCLASS_UNKNOWN; /* {4d36e97e-e325-11ce-bfc1-08002be10318} */
extern const GUID GUID_DEVCLASS_NET;     /* {4d36e972-e325-11ce-bfc1-08002be10318} */
#ifdef __cplusplus
}
#endif
#endif

#endif /* DRVCERT_WDK_SUPPLEMENT_H */
