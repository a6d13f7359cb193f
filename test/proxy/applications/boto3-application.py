# An application of a team's own, unmodified: boto3 with no endpoint in its code (it reads
# AWS_ENDPOINT_URL_CHIME_SDK_VOICE, which `proxy -- COMMAND` sets), keys and region from the environment. Reads (one
# by the PhoneNumberId returned), a Name and a ProductType, a CallingName and a second one (S5's 409), a CallingName
# to a number already pending, VoiceConnector outside the U.S. (S2's 400), an unknown number, a blank label. It
# prints what each call was answered, so that a test can say what the traffic was.
import json

import boto3
import botocore.config

client = boto3.client("chime-sdk-voice", config=botocore.config.Config(retries={"max_attempts": 1}))
outcomes = []


def call(operation, **arguments):
    try:
        answer = operation(**arguments)
        outcomes.append("200")
        return answer
    except client.exceptions.ClientError as error:
        status = error.response["ResponseMetadata"]["HTTPStatusCode"]
        outcomes.append("%s %s" % (status, error.response["Error"]["Code"]))
        return None


read = call(client.get_phone_number, PhoneNumberId="+12065550160")
call(client.get_phone_number, PhoneNumberId=read["PhoneNumber"]["PhoneNumberId"])
call(client.update_phone_number, PhoneNumberId="+12065550160", Name="Reception")
call(client.update_phone_number, PhoneNumberId="+12065550160", ProductType="SipMediaApplicationDialIn")
call(client.update_phone_number, PhoneNumberId="+12065550161", CallingName="Initech")
call(client.update_phone_number, PhoneNumberId="+12065550161", CallingName="Initech Two")
call(client.get_phone_number, PhoneNumberId="+12065550161")
call(client.update_phone_number, PhoneNumberId="+12065550170", CallingName="Other Co")
call(client.get_phone_number, PhoneNumberId="+12065550170")
call(client.update_phone_number, PhoneNumberId="+442079460060", ProductType="VoiceConnector")
call(client.get_phone_number, PhoneNumberId="+442079460060")
call(client.get_phone_number, PhoneNumberId="+19995550198")
call(client.get_phone_number, PhoneNumberId=" ")
print(json.dumps(outcomes))
