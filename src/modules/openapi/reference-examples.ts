// The examples of the reference (dpr-rest-api.txt), extracted once from its cURL requests and
// response bodies, so the OpenAPI document shows what the ServiceNow documentation shows.

export interface ReferenceExample {
  title: string;
  request?: unknown;
  response?: unknown;
  /** The status of an error example; absent for the success answer. */
  status?: number;
}

export interface ReferenceEndpoint {
  method: "GET" | "POST" | "PUT";
  /** Path after the DPR prefix, in Fastify form. */
  path: string;
  summary: string;
  examples: ReferenceExample[];
}

export const REFERENCE_ENDPOINTS: ReferenceEndpoint[] = [
  {
    "method": "GET",
    "path": "/bundle/:sysId",
    "summary": "Retrieves release bundle details.",
    "examples": [
      {
        "title": "This example retrieves details about a specified release bundle, including aggregated data for enhancements, policies, release states, and task counts.",
        "response": {
          "sysId": "9d0d0b4c874b1110dba83d5ebf867de2",
          "name": "Release Bundle Q4",
          "owner": "jane.doe",
          "releases": {
            "count": 2,
            "list": [
              "rel1",
              "rel2"
            ]
          },
          "aggregates": {
            "releaseAggregate": {
              "In Progress": 1,
              "Completed": 1
            },
            "taskAggregate": {
              "approval": 3,
              "nonApproval": 5
            },
            "policyAggregate": {
              "Executed": 2,
              "Pending": 1
            },
            "enhancementAggregate": {
              "Open": 1,
              "Closed": 1
            }
          }
        }
      }
    ]
  },
  {
    "method": "GET",
    "path": "/releases/:releaseId/policies/status",
    "summary": "Gets policy execution details by product for the current phase of a release.",
    "examples": [
      {
        "title": "This example gets policy execution details for the current phase of the specified release.",
        "response": {
          "result": {
            "overallSummary": {
              "compliant": false,
              "compliantCount": 3,
              "nonCompliantCount": 2,
              "totalCount": 5,
              "currentPhase": "Phase Name",
              "timestamp": "2025-09-26T09:15:00Z"
            },
            "products": [
              {
                "productId": "f8fe5fd40a0a0b9100f91d64df145295",
                "productName": "Payments Service",
                "productVersion": "v2.4.1",
                "summary": {
                  "compliant": false,
                  "compliantCount": 1,
                  "nonCompliantCount": 1,
                  "totalCount": 2
                },
                "policyExecutionDetails": [
                  {
                    "name": "Policy Name 1",
                    "policyId": "f6783cc843590210ab16fc4bbcb8f223",
                    "status": "compliant",
                    "lastRunAt": "2025-09-26T08:30:00Z",
                    "executionOutput": "Check sum OK; 0 violations. Execution log id: e23-9a.",
                    "reason": "All checks passed"
                  },
                  {
                    "name": "Policy Name 2",
                    "policyId": "152bb04c43590210ab16fc4bbcb8f2a7",
                    "status": "non_compliant",
                    "lastRunAt": "2025-09-26T08:32:00Z",
                    "executionOutput": "Validation failed at step 3: required configuration missing.",
                    "reason": "Missing required configuration 'payments.retry_limit'"
                  }
                ]
              }
            ]
          }
        }
      }
    ]
  },
  {
    "method": "POST",
    "path": "/product_enhancement",
    "summary": "Creates an enhancement for a product or service.",
    "examples": [
      {
        "title": "This example creates a product enhancement.",
        "request": {
          "name": "Offline streaming",
          "productSysId": "de8e9c0dfff8f2108289ffffffffff61",
          "priority": "high",
          "description": "Enhancement description",
          "versionSysId": "da4b608dff7cf2108289ffffffffffc2",
          "releaseSysId": "9a4b608dff7cf2108289ffffffffffc3",
          "productFeatureSysId": "192d2905ff7436108289ffffffffff3f"
        },
        "response": {
          "result": {
            "error": false,
            "sysId": "76417985ff7436108289ffffffffff5f"
          }
        }
      }
    ]
  },
  {
    "method": "POST",
    "path": "/release",
    "summary": "Creates a release.",
    "examples": [
      {
        "title": "This example creates a release with included versions.",
        "request": {
          "name": "Patch Q4",
          "releaseTarget": "8071e5f8ff687a10509cffffffffffd9",
          "releaseOwner": "6816f79cc0a8016401c5a33be04be441",
          "releaseDescription": "Q4 release",
          "productVersion": "",
          "templateId": "c83134a4ff643a10509cffffffffffb5",
          "releaseDate": "",
          "releaseCalendar": "",
          "includedVersions": [
            "39fd3f66ff503610509cffffffffff09"
          ],
          "productId": "c65c372bfb9d5610fdacfe7405efdcd7",
          "autoCreateVersionName": "1.2",
          "autoCreateIncludedVersions": [
            {
              "product": "de66ea3833e966103e8361a9ed5c7b4e",
              "version": "1.1"
            }
          ]
        },
        "response": {
          "result": {
            "error": false,
            "message": "",
            "releaseId": "af90e98dff3c3210509cffffffffffc9",
            "progressId": "f7902d01ffbc3210509cffffffffff7b"
          }
        }
      },
      {
        "title": "This example moves an existing release from the Draft state to In Progress.",
        "request": {
          "name": "Q4 2025 Product Release",
          "releaseTarget": "077e1ffb97bc4e107bc2341de053afe2",
          "releaseOwner": "6816f79cc0a8016401c5a33be04be441",
          "releaseDescription": "",
          "productVersion": "0ff12581ffbc3210509cffffffffff15",
          "templateId": "648c6ca8ffe03a10509cffffffffff11",
          "releaseDate": "",
          "releaseCalendar": "",
          "includedVersions": [],
          "productId": "",
          "autoCreateVersionName": "",
          "autoCreateIncludedVersions": [],
          "draftReleaseId": "83f12581ffbc3210509cffffffffff16"
        },
        "response": {
          "result": {
            "error": false,
            "message": "",
            "releaseId": "83f12581ffbc3210509cffffffffff16"
          }
        }
      },
      {
        "title": "This example creates an independent release.",
        "request": {
          "name": "Q2 2026 patch",
          "productVersion": null,
          "releaseTarget": "008b84a1ffe4ba10509cffffffffff2c",
          "releaseDescription": "",
          "releaseOwner": "6816f79cc0a8016401c5a33be04be441",
          "productId": "012c6d20ff203210229bffffffffff25",
          "autoCreateVersionName": "2.4",
          "templateId": "648c6ca8ffe03a10509cffffffffff11",
          "releaseDate": "",
          "releaseCalendar": "",
          "isDraftRelease": false,
          "validatesVersion": true
        },
        "response": {
          "result": {
            "error": false,
            "message": "",
            "releaseId": "c6f52181ffbc3210509cffffffffffc0"
          }
        }
      }
    ]
  },
  {
    "method": "POST",
    "path": "/release/:releaseId/key_date",
    "summary": "Creates a key date for a release.",
    "examples": [
      {
        "title": "This example creates a project launch date for a specified release.",
        "request": {
          "name": "Project Launch",
          "type": "milestone",
          "dueDate": "2025-11-01",
          "state": "upcoming",
          "description": "Launching the new project phase.",
          "assignedTo": "62826bf03710200044e0bfc8bcbe5df1"
        },
        "response": {
          "result": {
            "error": false,
            "message": "Release key date created successfully",
            "keyDateSysId": "eb0b0905ff7036108289ffffffffff6d"
          }
        }
      }
    ]
  },
  {
    "method": "POST",
    "path": "/release/:releaseId/policies/run",
    "summary": "Executes mapped policies for the current phase of a release.",
    "examples": [
      {
        "title": "This example executes the mapped policies for the current phase of the specified release.",
        "response": {
          "result": {
            "error": false,
            "errorCode": "",
            "message": "Policy execution scheduled.",
            "policyExecutionScheduled": true
          }
        }
      }
    ]
  },
  {
    "method": "POST",
    "path": "/release/:releaseId/related_task",
    "summary": "Adds related tasks to a release.",
    "examples": [
      {
        "title": "This example adds two related tasks to a release.",
        "request": {
          "taskIds": [
            "36836028532023004247ddeeff7b12f1",
            "bc84b11dff5c32108289ffffffffff12"
          ]
        },
        "response": {
          "result": {
            "error": false,
            "message": "Successfully created the mappings between the release and all the tasks."
          }
        }
      }
    ]
  },
  {
    "method": "POST",
    "path": "/release_calendar",
    "summary": "Creates a release calendar.",
    "examples": [
      {
        "title": "This example creates a release calendar.",
        "request": {
          "name": "Q1 2025 Release Calendar123",
          "releaseAdmin": "dc6770ae3b97a210532fb50f23e45a33",
          "description": "Calendar for Q1 releases"
        },
        "response": {
          "result": {
            "error": false,
            "message": "",
            "releaseCalendarId": "5f6702c13bbc3a50532fb50f23e45a2b"
          }
        }
      }
    ]
  },
  {
    "method": "POST",
    "path": "/release_id/:releaseId/complete_phase",
    "summary": "Completes the current phase of a release.",
    "examples": [
      {
        "title": "This example completes the current phase of the specified release.",
        "response": {
          "result": {
            "status": "success",
            "message": "Release phase is marked as complete",
            "phaseSysId": "2498222f474b621027d48b41516d4342"
          }
        }
      },
      {
        "title": "This example shows an error response when an invalid release sys_id is provided.",
        "response": {
          "result": {
            "error": true,
            "message": "Release ID is invalid"
          }
        },
        "status": 400
      }
    ]
  },
  {
    "method": "POST",
    "path": "/release_target",
    "summary": "Creates a release readiness target or a set of recurring release readiness targets.",
    "examples": [
      {
        "title": "This example creates a set of four release readiness targets, with a target recurring every week on Friday.",
        "request": {
          "name": "Weekly Friday patch",
          "releaseAdmin": "6816f79cc0a8016401c5a33be04be441",
          "isRecurring": true,
          "description": "",
          "startDate": "2025-10-24",
          "releaseCalendar": "d3d1f3b4ff60ba10509cffffffffffa8",
          "endDate": "2025-11-19",
          "repeats": {
            "type": "weekly",
            "every": 1,
            "daysOfWeek": 5
          },
          "scheduleSysId": "b862d589ff3c3210509cffffffffff97",
          "targetsWithOverlappingScheduleDetails": [
            {
              "active": true,
              "date": "2025-10-24"
            },
            {
              "active": true,
              "date": "2025-10-31"
            },
            {
              "active": true,
              "date": "2025-11-07"
            },
            {
              "active": true,
              "date": "2025-11-14"
            }
          ]
        },
        "response": {
          "result": {
            "error": false,
            "message": "",
            "count": 4
          }
        }
      },
      {
        "title": "This example creates a release readiness target for a specified date.",
        "request": {
          "name": "Fourth Thursday patch",
          "releaseAdmin": "6816f79cc0a8016401c5a33be04be441",
          "isRecurring": false,
          "description": "Last Thursday of October",
          "startDate": "2025-10-30",
          "releaseCalendar": "d3d1f3b4ff60ba10509cffffffffffa8"
        },
        "response": {
          "result": {
            "error": false,
            "message": "",
            "count": 1
          }
        }
      }
    ]
  },
  {
    "method": "PUT",
    "path": "/release/:sysId/retarget",
    "summary": "Changes the readiness target for a release.",
    "examples": [
      {
        "title": "This example updates the release readiness target using an existing readiness target.",
        "request": {
          "releaseTarget": "3f6668e95427fd10f877ac7ac399daa6"
        },
        "response": {
          "result": {
            "error": false,
            "message": ""
          }
        }
      },
      {
        "title": "This example updates the release readiness target using an out-of-band readiness target.",
        "request": {
          "outOfBand": true,
          "releaseCalendar": "fcb2eaa09f4302105c534d837a0a1c2b",
          "releaseDate": "2026-10-23"
        },
        "response": {
          "result": {
            "error": false,
            "message": ""
          }
        }
      }
    ]
  }
];
